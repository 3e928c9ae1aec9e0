package dev.routeplane.app.cli;

import dev.routeplane.app.api.ApiServer;
import dev.routeplane.app.api.RequestSubmitter;
import dev.routeplane.app.api.ResultIndex;
import dev.routeplane.app.api.TenantAuthenticator;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.runtime.RouteplaneRuntime;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The HTTP API on top of a running {@link RouteplaneRuntime}; closes what it opened. */
final class ApiWiring implements AutoCloseable {

  private final TenantAuthenticator authenticator;
  private final ResultIndex index;
  private final RequestSubmitter submitter;
  private final ApiServer server;

  /**
   * @param demoKeys give tenants whose key is not in the environment the documented demo key
   *     ({@code rp-demo-<tenant>}); only for the embedded platform, and the API then listens on loopback only
   */
  ApiWiring(RouteplaneRuntime runtime, int port, boolean demoKeys) {
    Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
    authenticator = TenantAuthenticator.fromConfig(runtime.options().config(), EnvAndFileSecretResolver.system(),
        demoKeys);
    index = new ResultIndex(kafka, runtime.topics(), runtime.serdes());
    submitter = new RequestSubmitter(kafka, runtime.topics(), runtime.serdes());
    ApiServer.Builder builder = ApiServer.builder()
        .port(port)
        .dataDir(runtime.options().dataDir())
        .authenticator(authenticator)
        .resultIndex(index)
        .submitter(submitter);
    runtime.ledger().ifPresent(ledger ->
        builder.mountAuthenticated("/v1/ledger/", new LedgerHttpHandler(ledger.queries(), authenticator::mayRead)));
    server = builder.start();
  }

  ApiServer server() {
    return server;
  }

  TenantAuthenticator authenticator() {
    return authenticator;
  }

  @Override
  public void close() {
    server.close();
    submitter.close();
    index.close();
  }
}
