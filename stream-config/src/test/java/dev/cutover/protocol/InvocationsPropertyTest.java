package dev.cutover.protocol;

import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.TableNames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link Invocations#render} against {@link RouteTable#route} on random route histories: random streams, cutovers and
 * rollbacks at random hours (epochs rising), decommissions, random holds, random ranges. A seeded loop; a failure
 * names the seed and the case.
 */
class InvocationsPropertyTest {

    private static final Databases DATABASES = Databases.of(CutoverSettings.DEFAULTS);
    private static final List<String> JOBS = List.of("legacy", "airflow");
    private static final Hour BASE = Hour.parse("2026-11-22T00");
    private static final int CASES = 1000;

    private record Case(long seed, String job, List<RouteTable> tables, Hour from, Hour to) {
        @Override
        public String toString() {
            return "seed " + seed + ", job " + job + ", [" + from + ", " + to + "), tables " + tables;
        }
    }

    private record StreamHour(String stream, Hour hour) {
    }

    private static Case randomCase(long seed) {
        Random random = new Random(seed);
        int streams = 1 + random.nextInt(6);
        List<RouteTable> tables = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String stream = random.nextBoolean() ? "eventlogging_Stream" + i : "mediawiki.stream-" + i;
            Routing routing = Routing.initial(JOBS.get(random.nextInt(2)));
            int changes = random.nextInt(5);
            for (int c = 0; c < changes; c++) {
                // a cutover or a rollback at a random hour (replacing segments from there on), rarely a decommission
                routing = routing.from(BASE.plusHours(random.nextInt(48)), JOBS.get(random.nextInt(2)),
                        random.nextInt(6) == 0);
            }
            List<Hold> holds = new ArrayList<>();
            int holdCount = random.nextInt(3);
            for (int h = 0; h < holdCount; h++) {
                Hour from = BASE.plusHours(random.nextInt(48));
                holds.add(new Hold(JOBS.get(random.nextInt(2)), from, from.plusHours(random.nextInt(4)),
                        "hold " + h + " of " + stream));
            }
            tables.add(RouteTable.of(stream, routing, DATABASES, holds));
        }
        Hour from = BASE.plusHours(random.nextInt(30) - 5);
        Hour to = from.plusHours(1 + random.nextInt(40));
        return new Case(seed, JOBS.get(random.nextInt(2)), tables, from, to);
    }

    @Test
    void theRunsWriteExactlyWhatTheRoutesSayEachStreamHourOnceAndHeldHoursAreListedApart() {
        for (long seed = 1; seed <= CASES; seed++) {
            Case c = randomCase(seed);
            Invocations rendered = Invocations.render(c.job(), c.tables(), c.from(), c.to());
            Map<StreamHour, String> expected = new HashMap<>();
            Map<StreamHour, String> heldExpected = new HashMap<>();
            for (RouteTable table : c.tables()) {
                for (Hour h = c.from(); h.isBefore(c.to()); h = h.next()) {
                    Route route = table.route(c.job(), h);
                    if (route.writes()) {
                        expected.put(new StreamHour(table.stream(), h), route.database());
                    } else {
                        heldExpected.put(new StreamHour(table.stream(), h), route.reason());
                    }
                }
            }
            Map<StreamHour, String> written = new HashMap<>();
            for (Invocation run : rendered.runs()) {
                assertThat(run.since()).as("%s", c).isGreaterThanOrEqualTo(c.from());
                assertThat(run.until()).as("%s", c).isLessThanOrEqualTo(c.to());
                assertThat(run.tables()).as("%s", c).hasSameSizeAs(run.streams()).isSorted().doesNotHaveDuplicates();
                for (int i = 0; i < run.tables().size(); i++) {
                    assertThat(run.tables().get(i)).isEqualTo(TableNames.forStream(run.streams().get(i)));
                    for (Hour h = run.since(); h.isBefore(run.until()); h = h.next()) {
                        StreamHour key = new StreamHour(run.streams().get(i), h);
                        if (written.put(key, run.outputDatabase()) != null) {
                            fail(key + " is written twice (" + c + ")");
                        }
                        if (!run.outputDatabase().equals(expected.get(key))) {
                            fail(run + " writes " + key + " into " + run.outputDatabase() + ", the route says "
                                    + expected.get(key) + " (" + c + ")");
                        }
                    }
                }
            }
            assertThat(written).as("%s", c).isEqualTo(expected);
            Map<StreamHour, String> held = new HashMap<>();
            for (HeldHours h : rendered.held()) {
                for (Hour hour = h.since(); hour.isBefore(h.until()); hour = hour.next()) {
                    if (held.put(new StreamHour(h.stream(), hour), h.reason()) != null) {
                        fail(h.stream() + " " + hour + " is held twice (" + c + ")");
                    }
                }
            }
            assertThat(held).as("%s", c).isEqualTo(heldExpected);
        }
    }

    @Test
    void runsAreSplitAtEverySegmentBoundaryOfTheirStreamsAndMaximalBetweenThem() {
        for (long seed = 1; seed <= CASES; seed++) {
            Case c = randomCase(seed);
            Map<String, Routing> routing = new HashMap<>();
            c.tables().forEach(t -> routing.put(t.stream(), t.routing()));
            List<Invocation> runs = Invocations.render(c.job(), c.tables(), c.from(), c.to()).runs();
            for (Invocation run : runs) {
                for (String stream : run.streams()) {
                    for (Segment segment : routing.get(stream).segments()) {
                        if (segment.fromHour().isAfter(run.since()) && segment.fromHour().isBefore(run.until())) {
                            fail(run + " spans the segment of " + stream + " from " + segment.fromHour() + " (" + c
                                    + ")");
                        }
                    }
                }
                for (Invocation next : runs) {
                    boolean abuts = next.since().equals(run.until())
                            && next.outputDatabase().equals(run.outputDatabase()) && next.tables().equals(run.tables());
                    boolean boundary = run.streams().stream().anyMatch(s -> routing.get(s).segments().stream()
                            .anyMatch(seg -> seg.fromHour().equals(next.since())));
                    if (abuts && !boundary) {
                        fail(run + " and " + next + " could be one run (" + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void eachRegexSelectsExactlyItsRunsTablesWhetherMatchedWholeOrFound() {
        for (long seed = 1; seed <= 300; seed++) {
            Case c = randomCase(seed);
            Set<String> universe = new HashSet<>();
            c.tables().forEach(t -> universe.add(TableNames.forStream(t.stream())));
            universe.addAll(List.of("stream", "stream_1x", "x_stream_1", "mediawiki_stream"));
            for (Invocation run : Invocations.render(c.job(), c.tables(), c.from(), c.to()).runs()) {
                Pattern regex = Pattern.compile(run.tableIncludeRegex());
                for (String table : universe) {
                    boolean selected = run.tables().contains(table);
                    if (regex.matcher(table).matches() != selected || regex.matcher(table).find() != selected) {
                        fail(run.tableIncludeRegex() + (selected ? " does not select " : " selects ") + table);
                    }
                }
            }
        }
    }
}
