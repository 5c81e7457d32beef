package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Warnings seen from libjpeg, the JDK and TwelveMonkeys readers, sorted into damage or not. */
class DecoderWarningsTest {
    @Test
    void truncationAndBrokenDataAreDamage() {
        assertThat(DecoderWarnings.isDamage("Truncated File - Missing EOI marker")).isTrue();
        assertThat(DecoderWarnings.isDamage("Corrupt JPEG data: premature end of data segment"))
                .isTrue();
        assertThat(DecoderWarnings.isDamage("Out-of-sequence code!")).isTrue(); // GIF LZW
        assertThat(DecoderWarnings.isDamage("strip/tileByteCount < required (1440):10")).isTrue();
        assertThat(DecoderWarnings.isDamage("Nothing to decode")).isTrue();
        assertThat(DecoderWarnings.isDamage(null)).isTrue();
    }

    @Test
    void problemsTheDecoderRecoveredFromAreNotDamage() {
        assertThat(
                        DecoderWarnings.isDamage(
                                "No embedded ICC color profile, will convert using inaccurate"
                                        + " CMYK to RGB conversion. Colors may look incorrect."))
                .isFalse();
        assertThat(
                        DecoderWarnings.isDamage(
                                "Corrupt JPEG data: 3 extraneous bytes before marker 0xd9"))
                .isFalse();
        assertThat(DecoderWarnings.isDamage("Invalid SOS parameters for sequential JPEG"))
                .isFalse();
        assertThat(
                        DecoderWarnings.isDamage(
                                "Missing PhotometricInterpretation, determining fallback: 2"))
                .isFalse();
        assertThat(DecoderWarnings.isDamage("Ignoring unexpected chunk: XMP ")).isFalse();
    }
}
