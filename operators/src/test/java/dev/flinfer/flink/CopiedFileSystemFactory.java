package dev.flinfer.flink;

import java.net.URI;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * A Flink file system for tests, scheme {@code copied://}: the local disk, but saying it is
 * distributed, so that a repository on it is read as a remote one is (each version copied to a
 * local directory). Found through {@code META-INF/services}, as the s3 plugins are.
 */
public final class CopiedFileSystemFactory implements FileSystemFactory {
    public static final String SCHEME = "copied";

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem create(URI fsUri) {
        return new LocalFileSystem() {
            @Override
            public boolean isDistributedFS() {
                return true;
            }

            @Override
            public URI getUri() {
                return URI.create(SCHEME + ":///");
            }
        };
    }
}
