package dev.cutover.controller.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer tokens of the API's writes (least privilege): the workers' token may report ({@code POST /v1/reports});
 * the operators' token may override, decommission and accept the override layer, and report too. No token at all:
 * every write is open (a loopback controller, or an operator who opted out explicitly). Any token set: every write
 * needs one, and operator requests need the operator token (refused while none is set).
 */
public record WriteTokens(Optional<String> worker, Optional<String> operator) {

    public static final WriteTokens NONE = new WriteTokens(Optional.empty(), Optional.empty());

    public WriteTokens {
        if (worker.filter(String::isBlank).isPresent() || operator.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("an empty token would refuse every write; give a token or none");
        }
    }

    /** The tokens in these files (each trimmed), as {@code --token-file} and {@code --operator-token-file} name them. */
    public static WriteTokens read(Optional<Path> workerFile, Optional<Path> operatorFile) throws IOException {
        return new WriteTokens(read(workerFile), read(operatorFile));
    }

    private static Optional<String> read(Optional<Path> file) throws IOException {
        return file.isPresent() ? Optional.of(Files.readString(file.get()).trim()) : Optional.empty();
    }

    /** Whether no write needs a token. */
    public boolean none() {
        return worker.isEmpty() && operator.isEmpty();
    }

    /** Says which tokens are set, never what they are. */
    @Override
    public String toString() {
        return "WriteTokens[worker=" + (worker.isPresent() ? "set" : "none") + ", operator="
                + (operator.isPresent() ? "set" : "none") + "]";
    }
}
