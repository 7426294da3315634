package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The dry run of evolving {@code database.table} to another table's schema ({@code evolve --dry-run}): every
 * change, whether each is expected (only additions are), and the DDL it would run. Carried by every compare
 * report ({@link CompareDetail#evolve()}); the controller's preflight reads it.
 *
 * @param exists     whether the table exists (a missing table is created: expected)
 * @param toSchemaOf the database whose table's schema the plan evolves to; null when not a comparison's plan
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvolvePlan(@JsonProperty("database") String database,
                         @JsonProperty("table") String table,
                         @JsonProperty("exists") boolean exists,
                         @JsonProperty("changes") List<Change> changes,
                         @JsonProperty("ddl") List<String> ddl,
                         @JsonProperty("to_schema_of") String toSchemaOf) {

    public EvolvePlan {
        changes = changes == null ? List.of() : List.copyOf(changes);
        ddl = ddl == null ? List.of() : List.copyOf(ddl);
    }

    /** True when every change is expected (only additions); a new table is expected too. */
    @JsonProperty("expected")
    public boolean expected() {
        return changes.stream().allMatch(Change::expected);
    }

    public EvolvePlan toSchemaOf(String database) {
        return new EvolvePlan(this.database, table, exists, changes, ddl, database);
    }

    /** The kinds of difference between a table's schema and the schema a job produces. */
    public enum Kind {
        /** A new top-level column (expected, applied). */
        ADD_COLUMN,
        /** A new field inside a struct (expected, applied through the metastore). */
        ADD_NESTED_FIELD,
        /** int -> bigint, float -> double (unexpected, applied). */
        WIDEN_TYPE,
        /** Any other type change (unexpected, never applied). */
        CHANGE_TYPE,
        /** A field the job no longer produces (unexpected, never applied: nothing is dropped). */
        MISSING_FIELD;

        public boolean expected() {
            return this == ADD_COLUMN || this == ADD_NESTED_FIELD;
        }
    }

    /** One difference; {@code path} is dotted ({@code meta.uri}), {@code []} marks array elements. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(@JsonProperty("path") String path,
                         @JsonProperty("kind") Kind kind,
                         @JsonProperty("from") String from,
                         @JsonProperty("to") String to) {

        @JsonProperty("expected")
        public boolean expected() {
            return kind != null && kind.expected();
        }

        /** Whether evolution applies it to the table. */
        public boolean applied() {
            return kind != Kind.CHANGE_TYPE && kind != Kind.MISSING_FIELD;
        }

        @Override
        public String toString() {
            return path + " " + kind + (from == null && to == null ? "" : " (" + from + " -> " + to + ")");
        }
    }
}
