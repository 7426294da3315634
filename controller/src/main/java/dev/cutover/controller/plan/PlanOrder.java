package dev.cutover.controller.plan;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A plan's promotion order: an immutable list (no nulls) that answers {@code contains} and {@code indexOf} from an
 * index instead of a scan, since the controller asks whether a stream is listed for every stream it looks at.
 */
final class PlanOrder extends AbstractList<String> implements RandomAccess {

    private final List<String> names;
    private final Map<String, Integer> first;

    private PlanOrder(List<String> names) {
        this.names = names;
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.putIfAbsent(names.get(i), i);
        }
        this.first = positions;
    }

    static List<String> of(List<String> order) {
        return order instanceof PlanOrder kept ? kept : new PlanOrder(List.copyOf(order));
    }

    @Override
    public String get(int index) {
        return names.get(index);
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public boolean contains(Object o) {
        return first.containsKey(o);
    }

    @Override
    public int indexOf(Object o) {
        return first.getOrDefault(o, -1);
    }
}
