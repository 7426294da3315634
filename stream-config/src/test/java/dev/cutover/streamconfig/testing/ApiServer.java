package dev.cutover.streamconfig.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port chosen by the OS, serving {@code /w/api.php} with a handler the test
 * sets, and recording every request it saw.
 */
public final class ApiServer implements AutoCloseable {

    /** What the test wants the server to do with one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, SeenRequest request) throws IOException;
    }

    /** One request as the server saw it. */
    public record SeenRequest(URI uri, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** A decoded query parameter, or null. */
        public String parameter(String name) {
            String query = uri.getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals(name)) {
                    return kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<SeenRequest> seen = new CopyOnWriteArrayList<>();
    private volatile Handler handler = (exchange, request) -> respond(exchange, 500, Map.of(), new byte[0]);

    public ApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/w/api.php", exchange -> {
            SeenRequest request = new SeenRequest(exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()));
            seen.add(request);
            try {
                handler.handle(exchange, request);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public void handler(Handler value) {
        this.handler = value;
    }

    /** {@code http://127.0.0.1:<port>/w/api.php} */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/w/api.php";
    }

    public List<SeenRequest> requests() {
        return List.copyOf(seen);
    }

    public static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (status == 304 || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
