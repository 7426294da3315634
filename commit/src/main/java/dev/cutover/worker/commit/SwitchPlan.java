package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The switch of one (table, hour) to a new commit, computed before the fence from the hour's partitions as the
 * metastore has them: ensure the table (when it must be created or evolved), create the partitions that are new,
 * alter the ones that exist, drop the ones the new commit does not have, in that order. An altered partition keeps
 * its parameters except those the commit owns, which the new commit's replace.
 *
 * @param partitions      the specs of the hour's partitions once switched, in the new commit's order
 * @param replacedCommits the commits the hour's partitions pointed at before (their directories are kept until the
 *                        next commit of the hour, see {@link CommitLayout#deletable})
 */
public record SwitchPlan(List<SwitchStep> steps, List<Map<String, String>> partitions, Set<String> replacedCommits) {

    public SwitchPlan {
        steps = List.copyOf(steps);
        partitions = List.copyOf(partitions);
        replacedCommits = Collections.unmodifiableSet(new TreeSet<>(replacedCommits));
    }

    /**
     * @param ensure   the table step, when the table must be created or evolved first
     * @param existing the hour's partitions now (none when the table does not exist yet)
     * @param wanted   the new commit's partitions with the parameters it writes
     * @param owned    the parameter keys a commit writes (an old value of one is never carried over)
     */
    public static SwitchPlan of(TableRef table, URI tableLocation, Hour hour, Optional<SwitchStep.EnsureTable> ensure,
                                List<PartitionRef> existing, List<PartitionRef> wanted, Predicate<String> owned) {
        Map<Map<String, String>, PartitionRef> before = new LinkedHashMap<>();
        existing.forEach(p -> before.put(p.spec(), p));
        List<PartitionRef> create = new ArrayList<>();
        List<PartitionRef> alter = new ArrayList<>();
        List<PartitionRef> previous = new ArrayList<>();
        for (PartitionRef p : wanted) {
            PartitionRef old = before.get(p.spec());
            if (old == null) {
                create.add(p);
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>(old.parameters());
            parameters.keySet().removeIf(owned);
            parameters.putAll(p.parameters());
            alter.add(new PartitionRef(p.spec(), p.location(), parameters));
            previous.add(old);
        }
        Set<Map<String, String>> wantedSpecs = wanted.stream().map(PartitionRef::spec).collect(Collectors.toSet());
        List<PartitionRef> stale = existing.stream().filter(p -> !wantedSpecs.contains(p.spec())).toList();

        List<SwitchStep> steps = new ArrayList<>();
        ensure.ifPresent(steps::add);
        if (!create.isEmpty()) {
            steps.add(new SwitchStep.CreatePartitions(table, create, false));
        }
        if (!alter.isEmpty()) {
            steps.add(new SwitchStep.AlterPartitions(table, alter, previous));
        }
        if (!stale.isEmpty()) {
            steps.add(new SwitchStep.DropPartitions(table, stale));
        }
        Set<String> replaced = new TreeSet<>();
        existing.forEach(p -> CommitLayout.commitIdOf(tableLocation, hour, p.location()).ifPresent(replaced::add));
        return new SwitchPlan(steps, wanted.stream().map(PartitionRef::spec).toList(), replaced);
    }
}
