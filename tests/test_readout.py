import codecs
import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

import pytest

from kg.lang import detect_language
from kg.pipeline import extract_file
from kg.readout import ReadoutError, iter_readout_paths, max_readout_bytes, read_readout


def test_sidecar_gives_language_and_published_date(write_readout):
    path = write_readout("a", "Le ministre a rencontré son homologue.", {
        "lang": "fr", "published": "2025-04-25", "publisher": "MAE", "id": "x-1"})
    r = read_readout(path)
    assert (r.id, r.lang, r.published, r.publisher) == ("x-1", "fr", dt.date(2025, 4, 25), "MAE")


def test_language_is_detected_without_sidecar(write_readout):
    r = read_readout(write_readout("b", "The minister met his counterpart and the two sides "
                                        "discussed the relations between their countries."))
    assert r.lang == "en" and r.published is None


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"Le ministre a rencontr\xe9 son homologue.", "not valid UTF-8"),
])
def test_bad_files_get_one_line_errors_naming_the_file(write_readout, content, reason):
    path = write_readout("bad", content)
    with pytest.raises(ReadoutError) as err:
        read_readout(path)
    assert str(path) in str(err.value) and reason in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_language_is_refused_by_name(write_readout):
    path = write_readout("de", "Der Minister traf sich mit seinem Amtskollegen und die beiden "
                               "Seiten sprachen über die Beziehungen zwischen den Ländern.")
    with pytest.raises(ReadoutError, match="German"):
        read_readout(path)


def test_sidecar_language_without_rules_is_refused(write_readout):
    path = write_readout("it", "Il ministro ha incontrato il suo omologo.", {"lang": "it"})
    with pytest.raises(ReadoutError, match="unsupported language 'it'"):
        read_readout(path)


def test_bad_sidecar_date_is_reported(write_readout):
    path = write_readout("d", "The minister met his counterpart.", {"published": "yesterday"})
    with pytest.raises(ReadoutError, match="not an ISO date"):
        read_readout(path)


def test_detection_recognises_scripts():
    assert detect_language("Министр иностранных дел встретился с коллегой")[0] is None
    assert "Russian" in detect_language("Министр иностранных дел встретился с коллегой")[1]


EN = ("Chinese Foreign Minister Wang Yi met French Foreign Minister Catherine Colonna in Paris "
      "on 5 May 2023. The two sides discussed the relations between their countries.")


@pytest.mark.parametrize("key", ["title", "publisher", "id", "lang", "url", "published"])
@pytest.mark.parametrize("value", [5, 3.5, True, ["en"], {"a": 1}])
def test_sidecar_with_non_string_value_is_refused_with_one_line(write_readout, key, value):
    path = write_readout("s", EN, {"lang": "en", key: value})
    with pytest.raises(ReadoutError) as err:
        extract_file(path)
    message = str(err.value)
    assert message.startswith(str(path.with_name("s.meta.json")))
    assert f"'{key}'" in message and "must be a string" in message and "\n" not in message


def test_sidecar_null_values_count_as_absent(write_readout):
    path = write_readout("n", EN, dict.fromkeys(
        ("id", "title", "publisher", "lang", "url", "published")))
    r = read_readout(path)
    assert (r.id, r.lang, r.title, r.publisher, r.url, r.published) == (
        "n", "en", None, None, None, None)


@pytest.mark.parametrize("content", ["[1, 2]", "3", '"en"', "null", "true"])
def test_sidecar_that_is_not_an_object_is_refused(write_readout, content):
    path = write_readout("o", EN)
    path.with_name("o.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(ReadoutError, match="sidecar must be a JSON object"):
        read_readout(path)


def test_deeply_nested_sidecar_is_refused_not_a_recursion_error(write_readout):
    path = write_readout("deep", EN)
    path.with_name("deep.meta.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReadoutError, match="nested too deeply"):
        read_readout(path)


def test_sidecar_in_utf16_is_read(write_readout):
    path = write_readout("u", EN)
    path.with_name("u.meta.json").write_bytes(json.dumps({"lang": "en", "id": "u-1"}).encode(
        "utf-16"))
    assert read_readout(path).id == "u-1"


def test_blank_sidecar_id_falls_back_on_the_file_name(write_readout):
    assert read_readout(write_readout("blank", EN, {"id": "  ", "lang": "en"})).id == "blank"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-8", codecs.BOM_UTF8),
])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(write_readout, encoding, bom):
    data = bom + EN.encode(encoding)
    r = read_readout(write_readout("bom", data))
    assert r.text == EN and r.lang == "en"
    assert r.sha256 == hashlib.sha256(data).hexdigest()


def test_utf16_without_byte_order_mark_is_named(write_readout):
    path = write_readout("nobom", EN.encode("utf-16-le"))
    with pytest.raises(ReadoutError, match="UTF-16 without a byte-order mark"):
        read_readout(path)


def test_readout_above_the_size_limit_is_refused_with_the_way_to_raise_it(write_readout,
                                                                         monkeypatch):
    path = write_readout("big", (EN + "\n") * 40_000)  # 6.6 MB
    monkeypatch.delenv("KG_MAX_READOUT_BYTES", raising=False)
    with pytest.raises(ReadoutError) as err:
        read_readout(path)
    assert str(err.value) == (f"{path}: is 6.6 MB, above the 1 MB limit per readout; "
                              "raise it with kg --max-readout-size SIZE or "
                              "KG_MAX_READOUT_BYTES")
    assert read_readout(path, max_bytes=10_000_000).lang == "en"
    monkeypatch.setenv("KG_MAX_READOUT_BYTES", "8MB")
    assert read_readout(path).lang == "en"
    monkeypatch.setenv("KG_MAX_READOUT_BYTES", "500kB")
    with pytest.raises(ReadoutError, match="above the 500 kB limit"):
        read_readout(write_readout("mid", (EN + "\n") * 3100))


def test_a_bad_size_limit_setting_is_named(monkeypatch):
    monkeypatch.setenv("KG_MAX_READOUT_BYTES", "lots")
    with pytest.raises(ValueError, match="KG_MAX_READOUT_BYTES"):
        max_readout_bytes()


# ------------------------------------------------------------------ listing folders

def _listed(paths):
    problems: list[ReadoutError] = []
    found = list(iter_readout_paths(paths, on_error=problems.append))
    return found, [f"{Path(e.path).name}: {e.reason}" for e in problems]


def test_sidecar_without_its_readout_gets_a_line(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(EN)
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / "b.meta.json").write_text("{}")
    found, problems = _listed([tmp_path])
    assert found == [tmp_path / "a.txt"]
    assert problems == ["b.meta.json: sidecar without its readout (no b.txt beside it)"]
    with caplog.at_level(logging.WARNING, logger="kg.readout"):
        assert list(iter_readout_paths([tmp_path])) == [tmp_path / "a.txt"]
    assert [r.getMessage() for r in caplog.records] == [
        f"warning: {tmp_path / 'b.meta.json'}: sidecar without its readout (no b.txt beside it)"]


def test_symlink_loop_among_input_folders_gets_a_line_not_a_hang(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(EN)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    found, problems = _listed([tmp_path])
    assert found == [tmp_path / "sub" / "a.txt"]
    assert sorted(problems) == [
        f"loop: symbolic link loop (points back to {tmp_path}), not followed",
        "self.txt: symbolic link loop, skipped",
    ]


def test_linked_folder_is_read_once_and_broken_links_get_a_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text(EN)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "linked").symlink_to(data)
    (inputs / "again").symlink_to(data)
    (inputs / "gone.txt").symlink_to(tmp_path / "missing.txt")
    found, problems = _listed([inputs])
    assert found == [inputs / "again" / "a.txt"]
    assert sorted(problems) == [
        "gone.txt: broken symbolic link (its target does not exist), skipped",
        f"linked: same folder as {inputs / 'again'}, not read twice",
    ]


def test_missing_input_path_is_reported_and_the_rest_still_listed(tmp_path):
    (tmp_path / "a.txt").write_text(EN)
    found, problems = _listed([tmp_path / "nope", tmp_path / "a.txt"])
    assert found == [tmp_path / "a.txt"]
    assert problems == ["nope: no such file or folder"]
    with pytest.raises(ReadoutError, match="no such file or folder"):
        list(iter_readout_paths([tmp_path / "nope"]))


def test_size_limit_is_a_keyword_of_extract_file_and_holds_in_a_build(tmp_path, monkeypatch):
    from kg.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    big = folder / "big.txt"
    big.write_text((EN + "\n") * 1000, encoding="utf-8")  # 166 kB
    with pytest.raises(ReadoutError, match="above the 100 kB limit"):
        extract_file(big, max_bytes=100_000)
    assert extract_file(big, max_bytes=200_000).persons
    monkeypatch.setenv("KG_MAX_READOUT_BYTES", "100kB")
    report = build([folder], tmp_path / "out")
    assert [reason for _, reason in report.failures] == [
        "is 166 kB, above the 100 kB limit per readout; raise it with "
        "kg --max-readout-size SIZE or KG_MAX_READOUT_BYTES"]


def test_huge_sidecar_is_refused_without_reading_it_all(write_readout):
    path = write_readout("h", EN)
    path.with_name("h.meta.json").write_text('{"title": "' + "x" * 2_000_000 + '"}')
    with pytest.raises(ReadoutError, match="sidecar is above 1 MB"):
        read_readout(path)
