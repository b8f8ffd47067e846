import pytest

from tests.conftest import ROOT
from utils.datafiles import DataIntegrityError, read_table, read_text, sha256_of, verify_file


def test_every_shipped_data_file_matches(tmp_path):
    listed = (ROOT / "data" / "SHA256SUMS").read_text().split("\n")
    names = [line.split("  ", 1)[1] for line in listed if line]
    assert "barcodes_coi5p_3families.tsv" in names and "co2_mauna_loa_weekly.csv" in names
    for name in names:
        assert verify_file(ROOT / "data" / name)


def make_listed(tmp_path, content=b"hello\n"):
    data = tmp_path / "data.csv"
    data.write_bytes(content)
    (tmp_path / "SHA256SUMS").write_text(f"{sha256_of(data)}  data.csv\n")
    return data


def test_truncated_file_is_refused(tmp_path):
    data = make_listed(tmp_path)
    data.write_bytes(b"hel")
    with pytest.raises(DataIntegrityError, match="does not match SHA256SUMS"):
        verify_file(data)


def test_lfs_pointer_is_named(tmp_path):
    data = make_listed(tmp_path)
    data.write_bytes(b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n")
    with pytest.raises(DataIntegrityError, match="Git LFS pointer"):
        verify_file(data)


def test_unlisted_file_is_not_checked_and_missing_file_is_named(tmp_path):
    make_listed(tmp_path)
    other = tmp_path / "mine.csv"
    other.write_text("x")
    assert verify_file(other) is False
    assert verify_file(tmp_path / "data.csv") is True
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        verify_file(tmp_path / "absent.csv")


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b" \n\n", "the file is empty"),
    (b"a,b\n\x00\x01", "binary data: a NUL byte at byte 4"),
    (b"a,b\n1,2\n3,\xff\n", r"line 3: not UTF-8 text \(byte 0xff\)"),
    (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n", "Git LFS pointer"),
])
def test_read_text_refuses_what_is_not_text(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as err:
        read_text(path)
    assert str(path) in str(err.value)


def test_read_text_drops_a_byte_order_mark_and_keeps_line_endings(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\n1,2\r\n")
    assert read_text(path) == "a,b\r\n1,2\r\n"


def test_read_table_rows_must_match_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"x, y"\n\n3,\n')
    table = read_table(path)
    assert table.values.tolist() == [["1", "x, y"], ["3", ""]] and table.attrs["lines"] == [2, 4]
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(ValueError, match="t.csv, line 3: 3 fields where the header has 2"):
        read_table(path)
