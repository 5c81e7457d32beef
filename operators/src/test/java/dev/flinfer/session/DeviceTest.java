package dev.flinfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing what a user writes for the device. */
class DeviceTest {

    @Test
    void autoParsesToAuto() {
        assertThat(Device.parse("auto")).isEqualTo(Device.AUTO);
    }

    @Test
    void cpuParsesToCpu() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.CPU.toString()).isEqualTo("cpu");
    }

    @Test
    void cudaAloneIsTheFirstGpu() {
        assertThat(Device.parse("cuda")).isEqualTo(new Device(Device.Kind.CUDA, 0));
    }

    @Test
    void cudaWithAnIndexNamesThatGpu() {
        Device device = Device.parse("cuda:1");

        assertThat(device).isEqualTo(new Device(Device.Kind.CUDA, 1));
        assertThat(device.toString()).isEqualTo("cuda:1");
    }

    @Test
    void tensorRtNamesAGpuLikeCuda() {
        assertThat(Device.parse("tensorrt")).isEqualTo(new Device(Device.Kind.TENSORRT, 0));
        Device device = Device.parse("tensorrt:2");
        assertThat(device).isEqualTo(new Device(Device.Kind.TENSORRT, 2));
        assertThat(device.toString()).isEqualTo("tensorrt:2");
        assertThat(device.isGpu()).isTrue();
        assertThat(Device.CPU.isGpu()).isFalse();
        assertThat(Device.AUTO.isGpu()).isFalse();
    }

    @Test
    void parsingIgnoresCaseAndSurroundingSpace() {
        assertThat(Device.parse("CUDA:0")).isEqualTo(new Device(Device.Kind.CUDA, 0));
        assertThat(Device.parse("  Cpu ")).isEqualTo(Device.CPU);
    }

    @Test
    void anUnknownDeviceIsNamed() {
        assertThatThrownBy(() -> Device.parse("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tpu'");
    }

    @Test
    void aNegativeGpuIndexIsNamed() {
        assertThatThrownBy(() -> Device.parse("cuda:-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cuda:-1'");
    }

    @Test
    void aGpuIndexThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> Device.parse("cuda:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cuda:x'");
    }

    @Test
    void aNullDeviceIsRejected() {
        assertThatThrownBy(() -> Device.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'null'");
    }
}
