package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistrySerdeConfigTest {

    @Test
    void defaultsMatchConfluentSerializers() {
        // when
        RegistrySerdeConfig config = RegistrySerdeConfig.from(Map.of("schema.registry.url", "http://localhost:8081"));

        // then
        assertThat(config.registryUrls()).containsExactly(URI.create("http://localhost:8081"));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.basicAuthUserInfo()).isEmpty();
    }

    @Test
    void readsCommaSeparatedUrlsAndStringOrBooleanFlags() {
        // when
        RegistrySerdeConfig config = RegistrySerdeConfig.from(Map.of(
                "schema.registry.url", "http://a:8081, https://b:8081",
                "auto.register.schemas", false,
                "use.latest.version", "TRUE",
                "basic.auth.user.info", "svc:secret"));

        // then
        assertThat(config.registryUrls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081"));
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.basicAuthUserInfo()).isEqualTo(Optional.of("svc:secret"));
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void malformedFlagIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> RegistrySerdeConfig.from(Map.of("auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void registryUrlWithEmbeddedCredentialsIsNeverEchoed() {
        assertThatThrownBy(() -> RegistrySerdeConfig.from(Map.of("schema.registry.url", "ftp://u:hunter2@host")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void httpClientRequiresARegistryUrl() {
        assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing required property schema.registry.url (e.g. http://localhost:8081)");
        assertThatThrownBy(() -> new RouteplaneSerdes(Map.of("auto.register.schemas", "true")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void httpClientDescribesItselfWithoutCredentials() {
        // when
        HttpSchemaRegistryClient client =
                HttpSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", "http://user:pw@registry:8081/"));

        // then
        assertThat(client.toString())
                .isEqualTo("HttpSchemaRegistryClient" + List.of(URI.create("http://registry:8081")));
    }
}
