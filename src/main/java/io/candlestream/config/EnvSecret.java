package io.candlestream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret read from the environment, never from an argument (the web UI shows arguments): the variable {@code NAME}
 * if set and not empty, else the trimmed content of the file named by {@code NAME_FILE} (a mounted secret), else none.
 * The value never appears in a message. Used for the database password and for feed tokens.
 *
 * @param variable the variable holding the secret itself, e.g. {@code CANDLESTREAM_JDBC_PASSWORD}
 * @param what what the secret is, for messages, e.g. {@code password}
 */
public record EnvSecret(String variable, String what) {

    public EnvSecret {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(what, "what");
    }

    /** The variable naming a file that holds the secret: {@code <variable>_FILE}. */
    public String fileVariable() {
        return variable + "_FILE";
    }

    /**
     * The secret from {@code env}, if any.
     *
     * @throws IllegalArgumentException when the file variable names a file that cannot be read or is empty
     */
    public Optional<String> read(Map<String, String> env) {
        String direct = env.get(variable);
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(direct);
        }
        String file = env.get(fileVariable());
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileVariable() + " names '" + file + "', which cannot be read: " + e, e);
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(fileVariable() + " names '" + file + "', which is empty; put the " + what
                    + " in it or unset " + fileVariable());
        }
        return Optional.of(content);
    }
}
