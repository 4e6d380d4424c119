package io.candlestream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents every option the job accepts, with its default, and no option it does not accept. */
class ReadmeOptionsTest {

    @Test
    void readmeTableListsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        JobOptions.OPTIONS.forEach((name, spec) -> {
            String row = readme.lines().filter(l -> l.startsWith("| `" + name + "` |")).findFirst().orElse(null);
            assertThat(row).as("README row for %s", name).isNotNull();
            if (spec[0] != null) {
                assertThat(row).as("README default of %s", name).contains("`" + spec[0] + "`");
            }
        });
        long rows = readme.lines().filter(l -> l.matches("\\| `--[a-z-]+` \\|.*")).count();
        assertThat(rows).as("option rows in README").isEqualTo(JobOptions.OPTIONS.size());
    }
}
