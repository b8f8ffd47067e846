import shutil
import subprocess
import sys

from tests.conftest import ROOT


def test_build_script_reproduces_data_byte_for_byte(tmp_path):
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "raw")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_data.py"), "--data-dir", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("barcodes_coi5p_3families.tsv", "co2_mauna_loa_weekly.csv", "SHA256SUMS"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_derived_barcodes_keep_traceability_columns():
    header = (ROOT / "data" / "barcodes_coi5p_3families.tsv").read_text().split("\n", 1)[0].split("\t")
    for column in ("processid", "family_name", "copyright_licenses", "copyright_holders", "nucleotides"):
        assert column in header


def test_build_refuses_a_changed_raw_export(tmp_path):
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "raw")
    (tmp_path / "raw" / "bold_tardigrada_export.tsv.gz").write_bytes(
        __import__("gzip").compress(b"processid\tnucleotides\n"))
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_data.py"), "--data-dir", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "is not the documented" in proc.stderr
    assert not (tmp_path / "barcodes_coi5p_3families.tsv").exists()
