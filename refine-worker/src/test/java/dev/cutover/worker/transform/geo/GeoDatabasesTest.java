package dev.cutover.worker.transform.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoDatabasesTest {

    @Test
    void aMissingDatabaseFailsNamingTheFileAndTheOptionsThatSetIt(@TempDir Path dir) {
        Path missing = dir.resolve("GeoIP2-City.mmdb");
        assertThatThrownBy(() -> GeoDatabases.check(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist")
                .hasMessageContaining("--geoip-db").hasMessageContaining("CUTOVER_GEOIP_DB")
                .hasMessageContaining("geocode_ip(FILE)");
        assertThatThrownBy(() -> GeoDatabases.check(dir)).hasMessageContaining(dir.toString())
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aFileThatIsNotAMaxMindDatabaseIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("GeoIP2-City.mmdb"), "this is not a database\n".repeat(100));
        assertThatThrownBy(() -> GeoDatabases.check(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(junk.toString()).hasMessageContaining("is not a MaxMind DB file")
                .hasMessageContaining("--geoip-db");
    }

    @Test
    void aDatabaseOfAnotherTypeThanCityIsRefusedNamingItsType(@TempDir Path dir) {
        Path country = TestGeoDatabases.country(dir);
        assertThatThrownBy(() -> GeoDatabases.check(country)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(country.toString()).hasMessageContaining("'GeoIP2-Country' database")
                .hasMessageContaining("GeoLite2-City");
    }

    @Test
    void aDatabaseIsOpenedOncePerProcessWhateverHowOftenItIsChecked(@TempDir Path dir) {
        Path city = TestGeoDatabases.city(dir);
        GeoDatabases.Version first = GeoDatabases.check(city);
        GeoDatabases.Version again = GeoDatabases.check(dir.resolve(".").resolve(city.getFileName()));
        assertThat(again).isEqualTo(first);
        assertThat(GeoDatabases.geocoder(again)).isSameAs(GeoDatabases.geocoder(first));
    }

    @Test
    void aDatabaseReplacedInPlaceIsOpenedAnewAndTheNewContentIsUsed(@TempDir Path dir) throws IOException {
        Path city = TestGeoDatabases.city(dir);
        Files.setLastModifiedTime(city, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        GeoDatabases.Version old = GeoDatabases.check(city);
        Path replacement = new MmdbWriter("GeoLite2-City").insert("81.2.69.160/27", Map.of("city",
                Map.of("names", Map.of("en", "Croydon")))).write(dir.resolve("next.mmdb"));
        Files.move(replacement, city, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(city, FileTime.from(Instant.parse("2026-01-08T00:00:00Z")));

        GeoDatabases.Version replaced = GeoDatabases.check(city);

        assertThat(replaced).isNotEqualTo(old);
        assertThat(GeoDatabases.geocoder(replaced).geocode(TestGeoDatabases.LONDON)).containsEntry("city", "Croydon")
                .containsEntry("country", "Unknown");
    }
}
