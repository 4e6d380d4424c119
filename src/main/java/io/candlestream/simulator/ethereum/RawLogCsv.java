package io.candlestream.simulator.ethereum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a flattened {@code eth_getLogs} dump, {@code ethereum-<pool>-<date>.raw.csv} with the columns
 * {@code block_number,block_timestamp,transaction_hash,transaction_index,log_index,topics,data} (UTC timestamps as
 * {@code 2024-01-05 00:33:23}, topics as a Python list {@code ['0x…', '0x…']}); every log belongs to the pool named in
 * the file name. A bad row fails with the file, line, column and value.
 */
public final class RawLogCsv {

    static final String HEADER = "block_number,block_timestamp,transaction_hash,transaction_index,log_index,topics,data";

    private static final Pattern FILE_NAME = Pattern.compile("ethereum-(0x[0-9a-fA-F]{40})-.*\\.raw\\.csv");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private RawLogCsv() {
    }

    /** The pool address in a file name {@code ethereum-<pool>-….raw.csv}, lower case. */
    public static String poolOf(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("replayCsv: " + file + " is not named ethereum-<pool address>-<date>"
                    + ".raw.csv, so the pool of its logs is unknown");
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }

    /** Every log of the file, in file order, with the timestamps of their blocks. */
    static ChainInput read(Path file) {
        String pool = poolOf(file);
        List<ChainLog> logs = new ArrayList<>();
        TreeMap<Long, Long> timestamps = new TreeMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IllegalArgumentException(file + ": expected the header " + HEADER + ", got " + header);
            }
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Row row = new Row(file, lineNumber, fields(line, file, lineNumber));
                long block = row.number(0, "block_number");
                long timestamp = row.timestamp(1);
                Long known = timestamps.putIfAbsent(block, timestamp);
                if (known != null && known != timestamp) {
                    throw row.error(1, "block_timestamp", "block " + block + " already had timestamp " + known);
                }
                try {
                    logs.add(new ChainLog(pool, block, row.field(2), (int) row.number(3, "transaction_index"),
                            (int) row.number(4, "log_index"), row.topics(5), row.field(6)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("replayCsv: cannot read " + file, e);
        }
        return new ChainInput(logs, timestamps);
    }

    /** Splits one CSV line: fields separated by commas, double quotes around fields that contain commas. */
    static List<String> fields(String line, Path file, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": a quoted field is not closed");
        }
        fields.add(field.toString());
        if (fields.size() != 7) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": expected 7 fields (" + HEADER
                    + "), got " + fields.size());
        }
        return fields;
    }

    private record Row(Path file, int line, List<String> fields) {

        String field(int index) {
            return fields.get(index).strip();
        }

        long number(int index, String column) {
            try {
                return Long.parseLong(field(index));
            } catch (NumberFormatException e) {
                throw error(index, column, "expected a decimal integer");
            }
        }

        long timestamp(int index) {
            try {
                return LocalDateTime.parse(field(index), TIMESTAMP).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw error(index, "block_timestamp", "expected yyyy-MM-dd HH:mm:ss (UTC)");
            }
        }

        List<String> topics(int index) {
            String text = field(index);
            if (!text.startsWith("[") || !text.endsWith("]")) {
                throw error(index, "topics", "expected a list like ['0x…', '0x…']");
            }
            String inner = text.substring(1, text.length() - 1).strip();
            List<String> topics = new ArrayList<>();
            if (inner.isEmpty()) {
                return topics;
            }
            for (String part : inner.split(",")) {
                String topic = part.strip();
                if (topic.length() < 2 || topic.charAt(0) != '\'' || topic.charAt(topic.length() - 1) != '\'') {
                    throw error(index, "topics", "expected each topic in single quotes");
                }
                topics.add(topic.substring(1, topic.length() - 1));
            }
            return topics;
        }

        IllegalArgumentException error(int index, String column, String expected) {
            return new IllegalArgumentException(file + " line " + line + " column " + column + ": '" + fields.get(index)
                    + "': " + expected);
        }
    }
}
