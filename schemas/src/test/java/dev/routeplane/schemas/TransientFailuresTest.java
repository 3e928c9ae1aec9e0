package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void anUnreachableRegistryOrBrokerIsTransientWhereverItIsWrapped() {
        SchemaRegistryException unreachable =
                new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, "connection refused");

        assertThat(TransientFailures.isTransient(new SerializationException("cannot serialize", unreachable)))
                .isTrue();
        assertThat(TransientFailures.isTransient(new UndecodableRecordException(
                        "t", 0, 1, AvroPayloadException.Kind.REGISTRY_UNAVAILABLE, "registry down", null)))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new TimeoutException("no broker"))))
                .isTrue();
    }

    @Test
    void badBytesAndUnknownSchemasAreNotTransient() {
        assertThat(TransientFailures.isTransient(new UndecodableRecordException(
                        "t", 0, 1, AvroPayloadException.Kind.UNKNOWN_MAGIC_BYTE, "not avro", null)))
                .isFalse();
        assertThat(TransientFailures.isTransient(new SerializationException(
                        new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "no such id"))))
                .isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug")))
                .isFalse();
    }
}
