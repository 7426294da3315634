package dev.cutover.worker.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.sql.types.StructType;

/**
 * A short stable fingerprint of a Spark schema (SHA-256 of its JSON form, first 16 hex digits). Comments (field
 * metadata) are left out: they describe the data but do not change it, and a table keeps its old comments when a
 * schema's description changes, so two tables holding the same data the same way fingerprint alike.
 */
public final class SchemaFingerprint {

    private SchemaFingerprint() {
    }

    public static String of(StructType schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(TableShape.withoutMetadata(schema).json()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
