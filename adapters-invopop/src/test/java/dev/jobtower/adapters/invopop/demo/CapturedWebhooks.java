package dev.jobtower.adapters.invopop.demo;

import dev.jobtower.domain.provider.WebhookDelivery;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver for the simulator's deliveries, on the simulator's own test server. */
@Controller("/_test/webhooks")
@Requires(property = "test.capture-webhooks", value = "true")
class CapturedWebhooks {
    final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

    @Post
    HttpResponse<?> receive(HttpRequest<?> request, @Body byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.getHeaders().names()) {
            headers.put(name, new ArrayList<>(request.getHeaders().getAll(name)));
        }
        deliveries.add(new WebhookDelivery(headers, body));
        return HttpResponse.ok();
    }
}
