package dev.cutover.worker.transform.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.transform.TransformSpec;
import dev.cutover.worker.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a {@code geocode_ip} entry gets its database; no Spark. */
class GeocodeIpTest {

    @Test
    void anEntryWithoutAPathTakesTheGeoipDbOptionsAndKeepsItsScope(@TempDir Path dir) {
        Path city = TestGeoDatabases.city(dir);
        TransformChain chain = GeocodeIp.withDatabase(
                TransformChain.parse("remove_canary_events,geocode_ip@eventlogging_NavigationTiming"), Optional.of(city));
        assertThat(chain.specs().get(1)).isEqualTo(new TransformSpec("geocode_ip", List.of(city.toString()),
                Optional.of("eventlogging_NavigationTiming")));
        assertThat(chain.specs().get(0).name()).isEqualTo("remove_canary_events");
    }

    @Test
    void anEntryNamingItsDatabaseKeepsItWhateverTheOption(@TempDir Path dir) {
        Path city = TestGeoDatabases.city(dir);
        TransformChain chain = GeocodeIp.withDatabase(TransformChain.parse("geocode_ip(" + city + ")"),
                Optional.of(dir.resolve("other.mmdb")));
        assertThat(chain.specs().get(0).args()).containsExactly(city.toString());
    }

    @Test
    void aSelectedGeocodeIpWithoutAnyDatabaseFailsNamingTheOptionAndTheVariable() {
        TransformChain chain = TransformChain.parse("deduplicate,geocode_ip@/^eventlogging_/");
        assertThatThrownBy(() -> GeocodeIp.withDatabase(chain, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geocode_ip")
                .hasMessageContaining("--geoip-db FILE").hasMessageContaining("CUTOVER_GEOIP_DB")
                .hasMessageContaining("geocode_ip(/path/to/GeoIP2-City.mmdb)");
        assertThat(GeocodeIp.withDatabase(TransformChain.parse("deduplicate"), Optional.empty()).toString())
                .isEqualTo("deduplicate");
    }

    @Test
    void anEntryLeftWithoutADatabaseFailsWhenAppliedWithTheSameMessage() {
        assertThatThrownBy(() -> Transforms.byName("geocode_ip", List.of()).apply(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--geoip-db");
    }

    @Test
    void theDatabaseIsCheckedWhenTheListIsReadAndMoreThanOneArgumentIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> TransformChain.parse("geocode_ip(" + dir.resolve("missing.mmdb") + ")@s"))
                .hasMessageContaining("missing.mmdb").hasMessageContaining("does not exist")
                .hasMessageContaining("name[(arg,...)]");
        assertThatThrownBy(() -> TransformChain.parse("geocode_ip(a.mmdb,b.mmdb)"))
                .hasMessageContaining("takes one argument");
        assertThatThrownBy(() -> TransformChain.parse("parse_user_agent(x)")).hasMessageContaining("no arguments");
    }
}
