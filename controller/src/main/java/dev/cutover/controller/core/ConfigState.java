package dev.cutover.controller.core;

import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.SourceStatus;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;

import java.util.Optional;

/**
 * The config as the controller sees it.
 *
 * @param snapshot the snapshot the controller acts on (I4: only a good fetch replaces it; a held one does not)
 * @param latest   the newest good snapshot fetched, even when held (an accept applies it)
 * @param status   the config source's state, as the tracker reported it with the last fetch
 * @param layer    the writable override layer as of the last fetch, when one is configured
 * @param awaiting streams not reconciled yet since the first snapshot was applied
 * @param synced   every stream was reconciled once against an applied snapshot (ready from then on)
 */
public record ConfigState(Optional<Snapshot> snapshot, Optional<Snapshot> latest, SourceStatus status,
                          Optional<LayerInfo> layer, PSet<String> awaiting, boolean synced) {

    public static ConfigState initial(SourceStatus status) {
        return new ConfigState(Optional.empty(), Optional.empty(), status, Optional.empty(), HashTreePSet.empty(),
                false);
    }

    public ConfigState withSnapshot(Optional<Snapshot> next) {
        return new ConfigState(next, latest, status, layer, awaiting, synced && next.isPresent());
    }

    public ConfigState fetched(Optional<Snapshot> newest, SourceStatus newStatus, Optional<LayerInfo> newLayer) {
        return new ConfigState(snapshot, newest.isPresent() ? newest : latest, newStatus, newLayer, awaiting, synced);
    }

    /** The first reconcile pass over an applied snapshot starts: these streams are awaited. */
    public ConfigState awaiting(java.util.Collection<String> streams) {
        return new ConfigState(snapshot, latest, status, layer, HashTreePSet.from(streams),
                snapshot.isPresent() && streams.isEmpty());
    }

    /** {@code stream} was reconciled (or skipped by a standby): ready once nothing is awaited. */
    public ConfigState reconciled(String stream) {
        if (synced || !awaiting.contains(stream)) {
            return this;
        }
        PSet<String> rest = awaiting.minus(stream);
        return new ConfigState(snapshot, latest, status, layer, rest, snapshot.isPresent() && rest.isEmpty());
    }

    /** The config revision audit events are stamped with: the source's version, or the content hash. */
    public Optional<String> revision() {
        return snapshot.map(s -> s.version().orElse(s.contentHash().substring(0, 12)));
    }
}
