package dev.spool.cli.remote;

/**
 * Where a file of {@code --transferfile}, {@code --return} or {@code --basefile} is, here and on the remote
 * computer, by rsync's rule that GNU parallel documents: a relative path is relative to the work dir there, an
 * absolute path is the same path there, and in a path holding {@code /./} only the part after it is kept, under
 * the work dir. Files are copied with {@code tar -C BASE ... REL}.
 *
 * @param localBase  the directory here that {@code rel} is relative to
 * @param remoteBase the directory there that {@code rel} is relative to
 * @param rel        the file's path relative to both bases
 */
record RemotePath(String localBase, String remoteBase, String rel) {

    /**
     * A file sent there or brought back: {@code tmp/./foo/bar} is {@code foo/bar} under the work dir there and
     * {@code tmp/foo/bar} here.
     */
    static RemotePath of(String file, String workdir) {
        int cut = file.indexOf("/./");
        if (cut >= 0) {
            return new RemotePath(cut == 0 ? "/" : file.substring(0, cut), workdir, strip(file.substring(cut + 3)));
        }
        if (file.startsWith("/")) {
            return new RemotePath("/", "/", strip(file));
        }
        return new RemotePath(".", workdir, strip(file));
    }

    /** The file's path there, for rm: relative to the work dir, or absolute. */
    String remote() {
        return remoteBase.equals("/") ? "/" + rel : remoteBase.equals(".") ? rel : remoteBase + "/" + rel;
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }
}
