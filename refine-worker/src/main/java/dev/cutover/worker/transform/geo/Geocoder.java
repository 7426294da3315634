package dev.cutover.worker.transform.geo;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An IP address as the peer's {@code geocoded_data}: continent, country ISO code and name, first (least specific)
 * subdivision name and ISO code, city and time zone, English names, from a GeoIP2 or GeoLite2 City database.
 * What is unknown is {@value #UNKNOWN} ({@value #UNKNOWN_CODE} for the two codes): a field the database lacks for
 * the address, and every field for an address it lacks, an address {@link IpAddresses} does not look up, or text
 * that is not an IP address. Keys in {@link #KEYS}' order, the peer's (see {@code UserAgentParser} for why it
 * matters).
 */
public final class Geocoder {

    public static final String UNKNOWN = "Unknown";
    public static final String UNKNOWN_CODE = "--";
    public static final List<String> KEYS = List.of("continent", "country_code", "country", "subdivision", "city",
            "timezone", "subdivision_code");
    public static final Map<String, String> UNKNOWN_PLACE = place(null, null, null, null, null, null, null);

    private final DatabaseReader reader;

    public Geocoder(DatabaseReader reader) {
        this.reader = reader;
    }

    /** The place of {@code ip}, never null ({@link #UNKNOWN_PLACE} when nothing is known). */
    public Map<String, String> geocode(String ip) {
        Optional<InetAddress> address = IpAddresses.literal(ip).filter(IpAddresses::geocoded);
        if (address.isEmpty()) {
            return UNKNOWN_PLACE;
        }
        try {
            return reader.tryCity(address.get()).map(Geocoder::place).orElse(UNKNOWN_PLACE);
        } catch (GeoIp2Exception e) {
            return UNKNOWN_PLACE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GeoIP2 database looking up " + ip + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> place(CityResponse city) {
        List<Subdivision> subdivisions = city.subdivisions();
        Subdivision first = subdivisions == null || subdivisions.isEmpty() ? null : subdivisions.get(0);
        return place(city.continent() == null ? null : city.continent().name(),
                city.country() == null ? null : city.country().isoCode(),
                city.country() == null ? null : city.country().name(),
                first == null ? null : first.name(), first == null ? null : first.isoCode(),
                city.city() == null ? null : city.city().name(),
                city.location() == null ? null : city.location().timeZone());
    }

    private static Map<String, String> place(String continent, String countryCode, String country, String subdivision,
                                             String subdivisionCode, String city, String timezone) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("continent", or(continent, UNKNOWN));
        values.put("country_code", or(countryCode, UNKNOWN_CODE));
        values.put("country", or(country, UNKNOWN));
        values.put("subdivision", or(subdivision, UNKNOWN));
        values.put("subdivision_code", or(subdivisionCode, UNKNOWN_CODE));
        values.put("city", or(city, UNKNOWN));
        values.put("timezone", or(timezone, UNKNOWN));
        Map<String, String> ordered = new LinkedHashMap<>();
        KEYS.forEach(k -> ordered.put(k, values.get(k)));
        return Collections.unmodifiableMap(ordered);
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
