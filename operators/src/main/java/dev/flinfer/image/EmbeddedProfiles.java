package dev.flinfer.image;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A JPEG's embedded ICC profile applied to its reduced image as the full decoder (TwelveMonkeys)
 * applies it to the full one: the decoded RGB samples are taken to be in the profile's colour space
 * and converted to sRGB, with TwelveMonkeys' own reading and validation of the profile; the JDK's
 * sRGB profile converts nothing.
 */
final class EmbeddedProfiles {
    private EmbeddedProfiles() {}

    /**
     * {@code image} (decoded RGB samples) in sRGB, or null when the profile is not an RGB one this
     * can apply (the caller then takes the full decoder, which judges the profile itself).
     */
    static BufferedImage toSrgb(BufferedImage image, byte[] profileData) {
        try {
            ICC_Profile profile = ColorProfiles.createProfile(profileData);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
                return null;
            }
            if (ColorProfiles.isCS_sRGB(profile)) {
                return image;
            }
            ICC_ColorSpace space = ColorSpaces.createColorSpace(profile);
            int w = image.getWidth();
            int h = image.getHeight();
            WritableRaster samples =
                    Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null);
            byte[] bytes = ((DataBufferByte) samples.getDataBuffer()).getData();
            int[] pixels = PilResampler.packedRgb(image);
            for (int i = 0, j = 0; i < pixels.length; i++) {
                bytes[j++] = (byte) (pixels[i] >> 16);
                bytes[j++] = (byte) (pixels[i] >> 8);
                bytes[j++] = (byte) pixels[i];
            }
            ComponentColorModel model =
                    new ComponentColorModel(
                            space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
            BufferedImage tagged = new BufferedImage(model, samples, false, null);
            BufferedImage srgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(space, ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                    .filter(tagged, srgb);
            return srgb;
        } catch (RuntimeException e) {
            // an unreadable or unusable profile (CMMException, IllegalArgumentException, ...)
            return null;
        }
    }
}
