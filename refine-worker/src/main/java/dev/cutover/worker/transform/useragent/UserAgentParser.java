package dev.cutover.worker.transform.useragent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * A user agent string as the peer's {@code user_agent_map}: ua-parser's (uap-java, uap-core's regexes) browser
 * family and major version, device family, OS family, major and minor version, plus {@code wmf_app_version}.
 * Normalised like the peer's {@code UAParser}:
 * <ul>
 *   <li>a missing, empty or {@code "-"} value is {@value #NO_VALUE};</li>
 *   <li>agents longer than {@value #MAX_LENGTH} characters are not parsed (every parsed field is
 *       {@value #NO_VALUE}: their regexes can take very long), and neither are agents ua-parser fails on;</li>
 *   <li>{@code wmf_app_version} is what follows {@code WikipediaApp/} up to the first space, when the agent
 *       starts with it (whatever its length), else {@value #NO_VALUE};</li>
 *   <li>there is no {@code browser_minor} key: the peer's map has none.</li>
 * </ul>
 * The keys come in {@link #KEYS}' order, the iteration order of the {@code java.util.HashMap} the peer's Hive UDF
 * returns: Spark stores a map's entries in that order and a content checksum ({@code xxhash64}) hashes them in
 * order, so both jobs' checksums agree only when the order does.
 *
 * <p>Thread-safe. Results are cached per distinct agent (Caffeine, bounded): one Refine hour repeats a few
 * thousand agents millions of times. {@link #shared()} is the instance of the JVM (driver or executor).
 */
public final class UserAgentParser {

    public static final String NO_VALUE = "-";
    public static final int MAX_LENGTH = 400;
    public static final int CACHE_SIZE = 10_000;
    public static final List<String> KEYS = List.of("browser_major", "os_family", "os_minor", "os_major",
            "wmf_app_version", "device_family", "browser_family");

    private static final String APP_PREFIX = "WikipediaApp/";

    private final Function<String, Client> parser;
    private final Cache<String, Map<String, String>> cache;

    /** A parser over {@code parser} (ua-parser's, or a test double) caching {@code cacheSize} agents. */
    UserAgentParser(Function<String, Client> parser, int cacheSize) {
        this.parser = parser;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** The JVM's parser, built on first use (loading uap-core's regexes takes about half a second). */
    public static UserAgentParser shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        private static final UserAgentParser INSTANCE = new UserAgentParser(new Parser()::parse, CACHE_SIZE);
    }

    /** The map of {@code userAgent}; {@code null} is parsed as the empty agent (the peer's rule). */
    public Map<String, String> parse(String userAgent) {
        String agent = userAgent == null ? "" : userAgent;
        if (agent.length() > MAX_LENGTH) {
            return map(null, agent);
        }
        return cache.get(agent, a -> map(parseQuietly(a), a));
    }

    private Client parseQuietly(String agent) {
        try {
            return parser.apply(agent);
        } catch (RuntimeException e) {
            // one odd agent must not fail the hour: it gets the no-value map, like an agent too long to parse
            return null;
        }
    }

    private static Map<String, String> map(Client client, String agent) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean browser = client != null && client.userAgent != null;
        boolean os = client != null && client.os != null;
        values.put("browser_family", browser ? value(client.userAgent.family) : NO_VALUE);
        values.put("browser_major", browser ? value(client.userAgent.major) : NO_VALUE);
        values.put("device_family", client != null && client.device != null ? value(client.device.family) : NO_VALUE);
        values.put("os_family", os ? value(client.os.family) : NO_VALUE);
        values.put("os_major", os ? value(client.os.major) : NO_VALUE);
        values.put("os_minor", os ? value(client.os.minor) : NO_VALUE);
        values.put("wmf_app_version", appVersion(agent));
        Map<String, String> ordered = new LinkedHashMap<>();
        KEYS.forEach(k -> ordered.put(k, values.get(k)));
        return Collections.unmodifiableMap(ordered);
    }

    static String appVersion(String agent) {
        if (!agent.startsWith(APP_PREFIX)) {
            return NO_VALUE;
        }
        int space = agent.indexOf(' ', APP_PREFIX.length());
        return agent.substring(APP_PREFIX.length(), space < 0 ? agent.length() : space);
    }

    private static String value(String s) {
        return s == null || s.isEmpty() || s.equals(NO_VALUE) ? NO_VALUE : s;
    }
}
