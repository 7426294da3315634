package dev.cutover.worker.commit;

import dev.cutover.streamconfig.DatabaseName;
import java.util.Objects;

/** A table of the metastore: {@code database.name}. */
public record TableRef(DatabaseName database, String name) {

    public TableRef {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(name, "name");
    }

    public String qualifiedName() {
        return database.value() + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
