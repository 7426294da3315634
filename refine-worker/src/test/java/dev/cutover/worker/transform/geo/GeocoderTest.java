package dev.cutover.worker.transform.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The peer's {@code TestMaxMindGeocode} cases and the rules of what is looked up, on a database the test builds. */
class GeocoderTest {

    private static Geocoder geocoder;

    @BeforeAll
    static void open(@TempDir Path dir) {
        geocoder = GeoDatabases.geocoder(GeoDatabases.check(TestGeoDatabases.city(dir)));
    }

    @Test
    void anAddressInACityNetworkGetsItsContinentCountrySubdivisionCityAndTimeZone() {
        assertThat(geocoder.geocode(TestGeoDatabases.LONDON)).containsOnly(entry("continent", "Europe"),
                entry("country_code", "GB"), entry("country", "United Kingdom"), entry("subdivision", "England"),
                entry("subdivision_code", "ENG"), entry("city", "London"), entry("timezone", "Europe/London"));
    }

    @Test
    void anIpv4MappedIpv6AddressIsGeocodedAsItsIpv4Address() {
        assertThat(geocoder.geocode("::ffff:" + TestGeoDatabases.LONDON))
                .isEqualTo(geocoder.geocode(TestGeoDatabases.LONDON)).containsEntry("city", "London");
    }

    @Test
    void anIpv6AddressIsLookedUpAndWhatTheDatabaseLacksIsUnknown() {
        assertThat(geocoder.geocode(TestGeoDatabases.TOKYO_V6)).containsOnly(entry("continent", "Asia"),
                entry("country_code", "JP"), entry("country", "Japan"), entry("subdivision", "Unknown"),
                entry("subdivision_code", "--"), entry("city", "Unknown"), entry("timezone", "Asia/Tokyo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "2a00:1450:4001::1", "81.2.69.200"})
    void anAddressTheDatabaseLacksIsUnknownEverywhere(String ip) {
        assertThat(geocoder.geocode(ip)).isEqualTo(Geocoder.UNKNOWN_PLACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestGeoDatabases.PRIVATE_IN_DATABASE, "10.64.0.1", "172.16.5.4", "127.0.0.1", "::1",
            "169.254.0.1", "fe80::1", "fd12:3456::1", "::", "0.0.0.0", "224.0.0.1", "::ffff:192.168.1.20"})
    void privateLoopbackLinkLocalAndUniqueLocalAddressesAreUnknownEvenWhenTheDatabaseHasThem(String ip) {
        assertThat(geocoder.geocode(ip)).isEqualTo(Geocoder.UNKNOWN_PLACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestGeoDatabases.WIKIMEDIA_AMSTERDAM, "208.80.154.224", "2620:0:861:ed1a::1",
            "185.15.56.22", "2a02:ec80:a000::5"})
    void wikimediasOwnNetworksAreUnknownLikeThePeers(String ip) {
        assertThat(geocoder.geocode(ip)).isEqualTo(Geocoder.UNKNOWN_PLACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "", "localhost", "en.wikipedia.org", "999.1.1.1", "81.2.69", " 81.2.69.160",
            "81.2.69.160:443", "1:2:3", "2001:218::1%eth0", "not an address"})
    void textThatIsNotAnIpLiteralIsUnknownAndNeverResolvedThroughDns(String text) {
        assertThat(geocoder.geocode(text)).isEqualTo(Geocoder.UNKNOWN_PLACE);
    }

    @Test
    void aNullAddressIsTheUnknownPlaceLikeThePeersReader() {
        assertThat(geocoder.geocode(null)).isEqualTo(Geocoder.UNKNOWN_PLACE);
    }

    @Test
    void theUnknownPlaceIsUnknownWithDashedCodesInThePeersConvention() {
        assertThat(Geocoder.UNKNOWN_PLACE).containsOnly(entry("continent", "Unknown"), entry("country_code", "--"),
                entry("country", "Unknown"), entry("subdivision", "Unknown"), entry("subdivision_code", "--"),
                entry("city", "Unknown"), entry("timezone", "Unknown"));
        assertThat(Geocoder.UNKNOWN_PLACE).doesNotContainKeys("postal_code", "latitude", "longitude");
    }

    @Test
    void theMapHasThePeersKeysInTheOrderOfTheHashMapThePeersUdfReturns() {
        List<String> keys = List.of("continent", "country_code", "country", "subdivision", "subdivision_code", "city",
                "timezone");
        Map<String, String> response = new HashMap<>();
        keys.forEach(k -> response.put(k, "x"));
        Map<String, String> peer = new HashMap<>();
        Collections.unmodifiableMap(response).keySet().forEach(k -> peer.put(k, "x"));
        assertThat(new ArrayList<>(geocoder.geocode(TestGeoDatabases.LONDON).keySet()))
                .isEqualTo(new ArrayList<>(peer.keySet())).isEqualTo(Geocoder.KEYS);
    }
}
