package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code GET /v1/models} (a {@code list} of {@code model} objects) and {@code GET /v1/models/{id}},
 * listing what the caller's tenant may ask for ({@link ModelCatalog}). An id not in the tenant's list is 404
 * {@code model_not_found}, as OpenAI answers a model the key cannot use.
 */
public final class ModelsRoute implements ApiRoute {
    private final ModelCatalog catalog;

    public ModelsRoute(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void handle(HttpCall call, String tenant, String subPath) {
        if (!"GET".equals(call.method())) {
            throw ApiException.methodNotAllowed("GET");
        }
        if (subPath.isEmpty()) {
            ObjectNode list = Json.object().put("object", "list");
            ArrayNode data = list.putArray("data");
            catalog.list(tenant).forEach(data::add);
            call.sendJson(200, list);
            return;
        }
        String id = HttpIo.decodeSegment(subPath);
        call.sendJson(
                200,
                catalog.find(tenant, id)
                        .orElseThrow(() -> new ApiException(
                                404,
                                "invalid_request_error",
                                "model_not_found",
                                "model",
                                "The model '" + Json.shorten(id) + "' does not exist or this API key may not use it;"
                                        + " GET /v1/models lists the models it may use")));
    }
}
