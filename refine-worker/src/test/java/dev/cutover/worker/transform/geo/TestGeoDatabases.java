package dev.cutover.worker.transform.geo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The GeoIP2 databases the tests build (with {@link MmdbWriter}): a City database shaped like MaxMind's, whose
 * London network is the one the peer's tests look up (81.2.69.160, from MaxMind's test data).
 */
public final class TestGeoDatabases {

    public static final String LONDON = "81.2.69.160";
    public static final String TOKYO_V6 = "2001:218::1";
    public static final String WIKIMEDIA_AMSTERDAM = "91.198.174.192";
    public static final String PRIVATE_IN_DATABASE = "192.168.1.20";

    private TestGeoDatabases() {
    }

    /** A GeoIP2-City database in {@code dir}: London, Amsterdam (Wikimedia's), a private network, Japan (IPv6). */
    public static Path city(Path dir) {
        return new MmdbWriter("GeoIP2-City")
                .insert("81.2.69.160/27", place("EU", "Europe", "GB", "United Kingdom", "ENG", "England", "London",
                        "Europe/London"))
                .insert("91.198.174.0/24", place("EU", "Europe", "NL", "Netherlands", "NH", "North Holland",
                        "Amsterdam", "Europe/Amsterdam"))
                .insert("192.168.0.0/16", place("EU", "Europe", "DE", "Germany", "BE", "Berlin", "Berlin",
                        "Europe/Berlin"))
                .insert("2001:218::/32", Map.of("continent", named("AS", "Asia"),
                        "country", Map.of("iso_code", "JP", "geoname_id", 1_861_060L, "names", Map.of("en", "Japan")),
                        "location", Map.of("time_zone", "Asia/Tokyo", "accuracy_radius", 100)))
                .write(dir.resolve("GeoIP2-City-Test.mmdb"));
    }

    /** A database of another type (GeoIP2-Country) holding the London network. */
    public static Path country(Path dir) {
        return new MmdbWriter("GeoIP2-Country")
                .insert("81.2.69.160/27", Map.of("continent", named("EU", "Europe"),
                        "country", Map.of("iso_code", "GB", "names", Map.of("en", "United Kingdom"))))
                .write(dir.resolve("GeoIP2-Country-Test.mmdb"));
    }

    private static Map<String, Object> place(String continentCode, String continent, String countryCode, String country,
                                             String subdivisionCode, String subdivision, String city, String timezone) {
        return Map.of("continent", named(continentCode, continent),
                "country", Map.of("iso_code", countryCode, "names", Map.of("en", country, "de", country)),
                "subdivisions", List.of(Map.of("iso_code", subdivisionCode, "names", Map.of("en", subdivision))),
                "city", Map.of("geoname_id", 2_643_743L, "names", Map.of("en", city)),
                "location", Map.of("latitude", 51.5142, "longitude", -0.0931, "time_zone", timezone,
                        "accuracy_radius", 100));
    }

    private static Map<String, Object> named(String code, String name) {
        return Map.of("code", code, "names", Map.of("en", name));
    }
}
