//! Reading whole files in as few system calls as a read can take. A run over a content
//! repository reads every file (and, with a warm cache, little else): `std::fs::read` asks
//! for the file's size and position again (`statx`, `lseek`) after the caller already knows
//! it, and checking that a path is a regular file before opening it walks the path twice.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What reading a file named like an article found.
pub enum Regular {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// Not a regular file (a FIFO, a device, a socket): opened without blocking, never read.
    NotAFile,
}

/// A file opened to be read: its handle and what the handle says of it.
pub enum Opened {
    File(File, std::fs::Metadata),
    /// Not a regular file (a FIFO, a device, a socket): opened without blocking, never read.
    NotAFile,
}

/// The bytes of the regular file at `path` ([`open`], then [`read`]).
pub fn regular(path: &Path) -> io::Result<Regular> {
    match open(path)? {
        Opened::File(file, meta) => read(file, &meta).map(Regular::Bytes),
        Opened::NotAFile => Ok(Regular::NotAFile),
    }
}

/// Open the file at `path` without blocking, so a FIFO or a device named `x.md` never
/// stalls the run; its type, size and times come from the open handle (one `fstat`), not
/// from a second lookup of the path. The caller may decide from them not to read it.
pub fn open(path: &Path) -> io::Result<Opened> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Opened::NotAFile);
    }
    Ok(Opened::File(file, meta))
}

/// The bytes of a file [`open`] gave, `meta` its metadata.
pub fn read(file: File, meta: &std::fs::Metadata) -> io::Result<Vec<u8>> {
    read_all(file, usize::try_from(meta.len()).unwrap_or(usize::MAX))
}

/// Read the `expected` bytes of `file` (the size its handle gave) into a buffer made for
/// them, through `Take`, whose `read_to_end` does not ask the file for its size and
/// position again as `File`'s does; nothing is zero-filled. Once they are in, no read asks
/// whether the end has come (a system call per file): of a file that grew since its handle
/// gave its size, the bytes it had then are read. (A fix is written only over a file that
/// holds exactly the text checked, read whole again first, so no grown tail is lost.) One
/// that claims no bytes (a file of the kernel's) is read to its end.
fn read_all(mut file: File, expected: usize) -> io::Result<Vec<u8>> {
    if expected == 0 {
        let mut buf = Vec::new();
        file.read_to_end(&mut buf)?;
        return Ok(buf);
    }
    let mut buf = Vec::with_capacity(expected.min(1 << 30));
    file.take(expected as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_of_any_size_whole() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0, 1, 4095, 4096, 4097, 100_000] {
            let path = dir.path().join(format!("{size}.txt"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            match regular(&path).unwrap() {
                Regular::Bytes(b) => assert_eq!(b, bytes),
                Regular::NotAFile => panic!("a regular file"),
            }
        }
    }

    #[test]
    fn a_file_is_read_as_its_size_was_when_opened() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("growing.txt");
        std::fs::write(&path, "first\n").unwrap();
        let Opened::File(file, meta) = open(&path).unwrap() else {
            panic!("a regular file");
        };
        let mut more = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        more.write_all(b"second\n").unwrap();
        assert_eq!(read(file, &meta).unwrap(), b"first\n");
        // Read again, it is read whole.
        match regular(&path).unwrap() {
            Regular::Bytes(b) => assert_eq!(b, b"first\nsecond\n"),
            Regular::NotAFile => panic!("a regular file"),
        }
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(regular(dir.path()).unwrap(), Regular::NotAFile));
    }
}
