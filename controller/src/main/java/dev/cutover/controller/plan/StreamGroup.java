package dev.cutover.controller.plan;

import java.util.List;
import java.util.Objects;

/**
 * Streams that move together ({@code groups:} in the plan): downstream jobs join them, so they are promoted only
 * when every member has earned its canary evidence, cut over at one hour, and rolled back together; a group takes
 * one cutover slot. Its place in the promotion order is its first member's.
 *
 * @param name    the group's name in the plan
 * @param members its streams (at least two, each listed in the plan's order, in no other group)
 */
public record StreamGroup(String name, List<String> members) {

    public StreamGroup {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }

    /** The members other than {@code stream}. */
    public List<String> others(String stream) {
        return members.stream().filter(m -> !m.equals(stream)).toList();
    }

    /** How the group names itself in reasons and audit notes, e.g. {@code group checkout [a, b]}. */
    public String describe() {
        return "group " + name + " " + members;
    }
}
