package dev.cutover.controller.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback EventStreamConfig API: answers the current body with an ETag, 304 on If-None-Match. */
final class ConfigServer implements AutoCloseable {
    private final HttpServer server;
    private volatile byte[] body;
    volatile String etag;
    private long version;
    final AtomicLong notModified = new AtomicLong();

    ConfigServer(byte[] initial) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        set(initial);
        server.createContext("/", exchange -> {
            byte[] b = body;
            String tag = etag;
            exchange.getResponseHeaders().set("ETag", tag);
            if (tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                }
            }
            exchange.close();
        });
        server.start();
    }

    synchronized void set(byte[] next) {
        body = next;
        etag = "\"v" + (++version) + "\"";
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/w/api.php";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
