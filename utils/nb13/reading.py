"""Bytes -> tables of cells: encodings, ``sep=`` lines, title lines, two-line headers, workbook sheets.

:func:`read_tables` turns an uploaded file into every table it holds, cells
as text (or numbers and datetimes for Excel cells), headers as written:

* CSV / TSV / TXT: UTF-8 with or without BOM, UTF-16 with or without BOM,
  otherwise Windows-1252 / Latin-1 (with a note); a first line ``sep=;`` sets
  the separator, otherwise it is sniffed (``,`` ``;`` tab ``|``);
* title lines above the header (``"Facebook reach"``) are kept in
  ``attrs["upload"]["title_lines"]`` (they can name the metric and platform);
* a second header line of descriptions (Facebook's Insights export) is
  recognised: it tells apart repeated column names (``"... by action type"``
  + ``"like"``) and is not read as data;
* ``.xlsx``: every worksheet, read-only and cached values only (formulas are
  never evaluated, macros never run); tables side by side on one sheet (a
  blank column between them) become separate tables.

Nothing is executed; the file name is used for its extension and in messages.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from utils.nb13.errors import UploadError
from utils.nb13.headers import detect_mapping, key as header_key
from utils.nb13.values import _is_blank, _number_token, _parse_one_date

#: Largest file accepted: 5 MB.
MAX_BYTES: int = 5 * 1024 * 1024
#: Largest number of data rows accepted.
MAX_ROWS: int = 50_000
#: Largest number of columns accepted.
MAX_COLUMNS: int = 300
#: Largest total size an .xlsx may unpack to (guards against zip bombs).
MAX_UNPACKED_BYTES: int = 100 * 1024 * 1024

#: Extension -> kind of file.
EXTENSIONS: dict[str, str] = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
_REFUSED_EXTENSIONS: dict[str, str] = {
    ".xls": "the old Excel format (.xls) is not supported: open it in your spreadsheet and save it as .xlsx or CSV",
    ".xlsm": "macro-enabled workbooks (.xlsm) are not accepted: save the sheet as .xlsx or CSV (without macros)",
    ".xlsb": "binary workbooks (.xlsb) are not supported: save the sheet as .xlsx or CSV",
    ".ods": "OpenDocument spreadsheets (.ods) are not supported: save the sheet as .xlsx or CSV",
    ".numbers": "Numbers files are not supported: export the sheet as CSV or Excel (.xlsx)",
}

Records = list[tuple[int, list[Any]]]

def _display_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return (base[:77] + "...") if len(base) > 80 else (base or "(no name)")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.0f} MB" if mb.is_integer() else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, (bytearray, memoryview)):
        return bytes(content)
    if isinstance(content, str):
        return content.encode("utf-8")
    raise UploadError(f"content must be the file's bytes (as read from the upload), got {type(content).__name__}",
                      "argument")


def _check_max_bytes(max_bytes: Any) -> int:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 1:
        raise UploadError(f"max_bytes must be a whole number of bytes, 1 or more, got {max_bytes!r}", "argument")
    return int(max_bytes)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Text, the encoding's name and notes. BOMs first, then UTF-16 without a BOM, UTF-8, Windows-1252 / Latin-1."""
    boms = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
            (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with BOM)"),
            (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), label, []
            except UnicodeDecodeError as exc:
                raise UploadError(
                    f"{name}: starts like a {label} file but has invalid bytes at position {exc.start}. "
                    f"Export the file again as 'CSV UTF-8'.", "encoding") from None
    if b"\x00" in data:
        # UTF-16 without a byte-order mark: every other byte of plain text is 0. Checked
        # before UTF-8, since ASCII text in UTF-16 (a zero after every letter) is valid UTF-8.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        codec = "utf-16-le" if odd > 0.3 * len(data) / 2 else "utf-16-be" if even > 0.3 * len(data) / 2 else None
        if codec:
            try:
                return data.decode(codec), "UTF-16", []
            except UnicodeDecodeError:
                pass
        raise UploadError(f"{name}: this is not a text (CSV) file: it holds binary data (a 0 byte at position "
                          f"{data.index(0)}). Export your data as CSV or Excel (.xlsx) and upload that.", "binary")
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    try:
        text, label = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "Latin-1"
    return text, label, [f"The file is not UTF-8: it was read as {label} (Western European). If some letters "
                         f"look wrong, save it as 'CSV UTF-8' and upload it again."]


#: Control characters (Unicode category Cc) other than tab, newlines, form feed and
#: vertical tab, and lone surrogates (Cs): what a text export never holds.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _check_text(text: str, name: str) -> tuple[str, list[str]]:
    """Reject binary content; drop a few stray control characters (with a note)."""
    bad = [found.start() for found in _CONTROL.finditer(text)]
    if not bad:
        return text, []
    if "\x00" in text or (len(bad) > 5 and len(bad) > 0.01 * len(text)):
        raise UploadError(f"{name}: this is not a text (CSV) file: it holds binary data ({len(bad)} control "
                          f"characters, the first at position {bad[0]}). Export your data as CSV or Excel (.xlsx) "
                          f"and upload that.", "binary")
    cleaned = _CONTROL.sub("", text)
    return cleaned, [f"Removed {len(bad)} invisible control character(s) from the file."]


_DELIMITERS: tuple[tuple[str, str], ...] = ((",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe"))


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` for every record (line numbers count from 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)
    out: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
        if len(out) > MAX_ROWS + 100:
            break
    return out


def _sniff(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:60]
    sample = "\n".join(lines)
    best, best_score = ",", (False, 0.0, 0)
    for delimiter, _ in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[freq == freq.max()].max())
        score = (mode > 1, round(float(freq.max()) / len(counts), 2), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _grid_from_csv(data: bytes, name: str) -> tuple[list[tuple[int, list[Any]]], dict[str, Any]]:
    text, encoding, notes = _decode(data, name)
    text, dropped = _check_text(text, name)
    notes = notes + dropped
    if not text.strip():
        raise UploadError(f"{name}: the file has no content (only blank space). Export your posts again.", "empty")
    start = text.lstrip()[:200].lower()
    kinds = (("<!doctype html", "a web page (HTML)"), ("<html", "a web page (HTML)"), ("<?xml", "an XML file"),
             ("<table", "an HTML table"), ("{", "a JSON file"), ("[{", "a JSON file"), ("%pdf", "a PDF"))
    for prefix, what in kinds:
        if start.startswith(prefix):
            raise UploadError(f"{name}: this looks like {what}, not a CSV table. Export the posts as CSV or Excel "
                              f"(.xlsx) from the platform's analytics and upload that.", "binary")
    sep_line = re.match(r"\A\s*\"?sep=(.)\"?[ \t]*\r?\n", text, re.IGNORECASE)
    if sep_line:  # Excel's "sep=," first line (Meta Business Suite's daily files have it)
        delimiter = sep_line.group(1)
        text = "\n" + text[sep_line.end():]  # keep line numbers: the sep= line becomes blank
    else:
        delimiter = _sniff(text)
    try:
        records = _records(text, delimiter)
    except csv.Error as exc:
        raise UploadError(f"{name}: cannot be read as CSV ({exc}). A cell may be longer than "
                          f"{csv.field_size_limit():,} characters or a quote may be unbalanced.", "delimiter") from None
    lines = text.rstrip("\r\n").count("\n") + 1
    if text.count('"') % 2 and records and records[-1][0] < lines:  # the last record swallowed the lines below
        raise UploadError(f"{name}: a double quote (\") opened on row {records[-1][0]} is never closed, so the rest "
                          f"of the file reads as one cell. Close or remove the quote and upload again.", "delimiter")
    widths = [len(cells) for _, cells in records if any(c.strip() for c in cells)]
    if widths and max(widths) == 1 and not sep_line:
        first = next(c[0] for _, c in records if any(x.strip() for x in c))
        raise UploadError(
            f"{name}: only one column was found, so the values are not separated by a comma, semicolon, tab or "
            f"pipe (|). First line: {first[:80]!r}. Export the data as CSV (comma or semicolon separated) or as "
            f"Excel (.xlsx).", "delimiter")
    if sep_line:
        notes.append(f"The first line 'sep={delimiter}' set the separator.")
    meta = {"kind": "csv", "encoding": encoding, "delimiter": delimiter, "notes": notes, "sheet": None,
            "dayfirst_hint": delimiter in (";", "\t")}
    return records, meta


def _excel_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    return str(value)


def _grids_from_xlsx(data: bytes, name: str) -> list[tuple[Records, dict[str, Any]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise UploadError(f"{name}: is not a valid Excel workbook (.xlsx) ({exc}). Open it in your spreadsheet "
                          f"and save it again as .xlsx, or export CSV.", "excel") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise UploadError(f"{name}: is a zip archive but not an Excel workbook (no xl/workbook.xml). Upload the "
                          f".xlsx export itself, or a CSV.", "excel")
    if any(i.flag_bits & 0x1 for i in infos):
        raise UploadError(f"{name}: the workbook is encrypted (password-protected). Remove the password and "
                          f"save it again.", "excel")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES or len(infos) > 5000:
        raise UploadError(f"{name}: the workbook unpacks to {_size(unpacked)} (limit {_size(MAX_UNPACKED_BYTES)}); "
                          f"export only the sheet with your posts, as CSV.", "too_large")
    notes: list[str] = []
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        notes.append("The workbook contains macros; they were ignored (never run).")
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False,
                                      keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UploadError(f"{name}: could not be read as an Excel workbook ({type(exc).__name__}: {exc}). Open it "
                          f"in your spreadsheet and save it again as .xlsx, or export CSV.", "excel") from None
    sheets: list[tuple[str, list[tuple[int, list[Any]]]]] = []
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            rows: list[tuple[int, list[Any]]] = []
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if number > MAX_ROWS + 100:
                    raise UploadError(f"{name}: sheet {sheet.title!r} has more than {MAX_ROWS:,} rows; the limit is "
                                      f"{MAX_ROWS:,}. Export a shorter period.", "too_many")
                rows.append((number, [_excel_cell(v) for v in values]))
            sheets.append((str(sheet.title), rows))
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError(f"{name}: could not be read as an Excel workbook ({type(exc).__name__}: {exc}).",
                          "excel") from None
    finally:
        book.close()
    if not sheets:
        raise UploadError(f"{name}: the workbook has no worksheet with cells.", "empty")
    out = []
    for title, rows in sheets:
        sheet_notes = list(notes)
        unstored = _formulas_without_values(data, title, rows)
        if unstored:
            sheet_notes.append(f"{unstored} formula cell(s) had no stored result (the workbook was never "
                               f"recalculated) and were read as empty: formulas are never calculated here. Open "
                               f"and save the file in your spreadsheet, then upload it again.")
        out.append((rows, {"kind": "xlsx", "encoding": None, "delimiter": None, "notes": sheet_notes,
                           "sheet": title, "dayfirst_hint": False, "sheets": [t for t, _ in sheets]}))
    return out


def _formulas_without_values(data: bytes, title: str, rows: list[tuple[int, list[Any]]]) -> int:
    """How many cells of the sheet hold a formula whose result the workbook did not store.

    Reads the formulas as text (``data_only=False``); nothing is evaluated.
    """
    if not any(cell == "" for _, cells in rows for cell in cells):
        return 0
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            count = 0
            for (_, cells), formulas in zip(rows, book[title].iter_rows(max_col=MAX_COLUMNS, values_only=True)):
                count += sum(1 for value, text in zip(cells, formulas)
                             if value == "" and isinstance(text, str) and text.startswith("="))
            return count
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - only a note depends on it
        return 0



def _texts(cells: Sequence[Any]) -> list[str]:
    return [c.strip() for c in cells if isinstance(c, str) and c.strip()]


def _looks_like_data(text: str) -> bool:
    try:
        return _number_token(text) is not None or _parse_one_date(text, "dmy", 2000)[0] is not None
    except (ValueError, OverflowError):
        return True


def _header_index(records: Records) -> int:
    """Position of the header: the first of the first 15 non-empty rows naming 2+ known fields,
    otherwise the first non-empty row with 2+ text cells, otherwise the first non-empty row."""
    candidates = [i for i, (_, cells) in enumerate(records) if any(not _is_blank(c) for c in cells)][:15]
    for i in candidates:
        if len(detect_mapping(_texts(records[i][1]))) >= 2:
            return i
    for i in candidates:
        texts = _texts(records[i][1])
        if len(texts) >= 2 and not any(_looks_like_data(t) for t in texts):
            return i
    return candidates[0] if candidates else 0


def _description_line(header: list[str], row: list[Any], below: list[Any] | None) -> bool:
    """Whether ``row`` (just under the header) describes the columns instead of holding data."""
    cells = [c for c in row[:len(header)]]
    filled = [c for c in cells if not _is_blank(c)]
    if below is None or len(filled) * 2 < len([h for h in header if h]):
        return False
    if not all(isinstance(c, str) for c in filled) or any(_looks_like_data(c) for c in filled):
        return False
    data = [c for c in below[:len(header)] if not _is_blank(c)]
    return sum(not isinstance(c, str) or _looks_like_data(c) for c in data) * 3 >= len(data) > 0


def _blocks(header: list[str], body: list[list[Any]]) -> list[tuple[int, int]]:
    """Column ranges of tables side by side: split at columns blank in the header and in every row."""
    width = len(header)
    blank = [header[j] == "" and all(j >= len(r) or _is_blank(r[j]) for r in body) for j in range(width)]
    out, start = [], None
    for j in range(width + 1):
        if j < width and not blank[j]:
            start = j if start is None else start
        elif start is not None:
            out.append((start, j))
            start = None
    return out if len(out) > 1 and all(b - a >= 2 for a, b in out) else [(0, width)]


def _column_letter(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _to_frames(records: Records, meta: dict[str, Any], name: str) -> list[pd.DataFrame]:
    nonempty = [(n, cells) for n, cells in records if any(not _is_blank(c) for c in cells)]
    where = f"{name}" + (f", sheet {meta['sheet']!r}" if meta.get("sheet") else "")
    if not nonempty:
        raise UploadError(f"{where}: has no rows with values. Export your posts again.", "empty")
    at = _header_index(records)
    header_line, header_cells = records[at]
    titles = [" ".join(_texts(cells)) or " ".join(str(c) for c in cells if not _is_blank(c))
              for n, cells in nonempty if n < header_line]
    body = [(n, cells) for n, cells in records[at + 1:] if any(not _is_blank(c) for c in cells)]
    if len(body) > MAX_ROWS:
        raise UploadError(f"{where}: has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}. Export a shorter "
                          f"period.", "too_many")
    headers = [str(c).strip() if not _is_blank(c) else "" for c in header_cells]
    while headers and headers[-1] == "" and not any(len(cells) >= len(headers) and not _is_blank(
            cells[len(headers) - 1]) for _, cells in body):
        headers.pop()  # trailing separators
    if len(headers) > MAX_COLUMNS:
        raise UploadError(f"{where}: has {len(headers)} columns; the limit is {MAX_COLUMNS}. Export only the "
                          f"columns you need.", "too_many")
    notes = list(meta["notes"])
    if titles:
        notes.append(f"Skipped {len(titles)} title row(s) above the header (row {header_line}).")
    descriptions: dict[str, str] = {}
    if body and _description_line(headers, body[0][1], body[1][1] if len(body) > 1 else None):
        second = [str(c).strip() if not _is_blank(c) else "" for c in body[0][1][:len(headers)]]
        second += [""] * (len(headers) - len(second))
        keys = [header_key(h) for h in headers]
        repeated = {k for k in keys if k and keys.count(k) > 1}
        for j, h in enumerate(headers):
            if keys[j] in repeated and second[j]:
                headers[j] = f"{h} - {second[j]}"
            if second[j]:
                descriptions[headers[j]] = second[j]
        notes.append(f"Row {body[0][0]} describes the columns (a second header line); it was not read as data"
                     + (" and told the repeated column names apart." if repeated else "."))
        body = body[1:]
    width = len(headers)
    for n, cells in body:
        extra = [c for c in cells[width:] if not _is_blank(c)]
        if extra:
            separator = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(meta.get("delimiter"), "")
            hint = (f" A value probably contains the separator ({separator}): put such values in double quotes, "
                    f"or export the file again." if separator else "")
            raise UploadError(f"{where}: row {n} has {len(cells)} values but the header (row {header_line}) has "
                              f"{width} columns.{hint}", "ragged")
    rows = [list(cells[:width]) + [""] * (width - len(cells)) for _, cells in body]
    frames = []
    blocks = _blocks(headers, rows)
    for a, b in blocks:
        part = _frame(headers[a:b], [r[a:b] for r in rows], [n for n, _ in body], a, where, header_line, notes)
        label = meta.get("sheet")
        if len(blocks) > 1:
            label = f"{label or name} (columns {_column_letter(a)}-{_column_letter(b - 1)})"
        part.attrs["upload"] = {"file": name, "kind": meta["kind"], "encoding": meta["encoding"],
                                "delimiter": meta["delimiter"], "sheet": label, "sheets": meta.get("sheets"),
                                "header_row": header_line, "title_lines": titles,
                                "descriptions": {h: d for h, d in descriptions.items() if h in part.columns},
                                "dayfirst_hint": meta["dayfirst_hint"], "notes": list(part.attrs["notes"])}
        del part.attrs["notes"]
        frames.append(part)
    return frames


def _frame(headers: list[str], rows: list[list[Any]], numbers: list[int], offset: int, where: str,
           header_line: int, notes: list[str]) -> pd.DataFrame:
    headers = list(headers)
    notes = list(notes)
    for i, h in enumerate(headers):
        if h == "":
            headers[i] = f"(column {offset + i + 1})"
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        k = h if h.startswith("(column ") else (header_key(h) or h)
        if k in seen:
            first = headers[seen[k]]
            same_values = all(r[seen[k]] == r[i] for r in rows)
            if detect_mapping([h]) and not same_values:
                shown = f"{h!r} appears" if first == h else f"{first!r} and {h!r} appear"
                raise UploadError(f"{where}: duplicated headers: {shown} in columns {offset + seen[k] + 1} and "
                                  f"{offset + i + 1} (row {header_line}) with different values, so it is unclear "
                                  f"which to use. Give each column its own header and upload again, or map the "
                                  f"field by hand.", "duplicate_headers")
            n = 2
            while f"{h} ({n})" in headers:
                n += 1
            headers[i] = f"{h} ({n})"
            notes.append(f"The header {h!r} appears twice (columns {offset + seen[k] + 1} and {offset + i + 1}); "
                         f"the second was renamed {headers[i]!r}.")
            continue
        seen[k] = i
    if not rows:
        shown = ", ".join(repr(h) for h in headers[:6])
        raise UploadError(f"{where}: has a header row (row {header_line}: {shown}) but no data rows below it."
                          + (_data_hint(headers) or " Export it again for a period in which there were posts "
                             "(or days), and upload that file."), "no_rows")
    frame = pd.DataFrame(rows, columns=headers, index=pd.Index(numbers, name="row"), dtype=object)
    empty = [h for h in headers if h.startswith("(column ") and frame[h].map(_is_blank).all()]
    frame = frame.drop(columns=empty)
    frame.attrs["notes"] = notes
    return frame


def _data_hint(headers: Sequence[Any]) -> str:
    """A hint when the header row holds numbers or dates: the file probably has no header."""
    texts = [str(h).strip() for h in headers if str(h).strip() and not str(h).startswith("(column ")]
    data_like = sum(_looks_like_data(t) for t in texts)
    if texts and data_like * 2 >= len(texts):
        return " The first row looks like data, not column names: add a header row (Date, Impressions, Likes...)."
    return ""


def _zip_tables(data: bytes) -> str:
    """': 'Table data.csv'' naming the tables in a zip archive (names only: nothing is unpacked)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return " (a .csv or .xlsx file)"
    tables = [n.rsplit("/", 1)[-1] for n in names if n.lower().endswith((".csv", ".xlsx", ".tsv"))]
    return ": " + ", ".join(repr(t) for t in tables[:5]) if tables else " (a .csv or .xlsx file)"


def read_tables(content: Any, filename: str, *, max_bytes: int = MAX_BYTES) -> list[pd.DataFrame]:
    """Every table of an uploaded CSV or Excel file, as raw cells (nothing converted yet).

    Columns are the headers as written (stripped; a repeated name told apart by
    a second header line, or renamed ``"name (2)"``); the index is the row
    number in the file (as a spreadsheet shows it). ``frame.attrs["upload"]``
    holds ``file``, ``kind``, ``encoding``, ``delimiter``, ``sheet``,
    ``sheets``, ``header_row``, ``title_lines``, ``descriptions`` and ``notes``.
    A workbook gives one table per sheet (and per block of side-by-side
    tables); sheets that hold no table are skipped, unless none does.

    Raises :class:`UploadError` for an empty file, a file over ``max_bytes``
    (default :data:`MAX_BYTES`, 5 MB), an unknown extension, binary content, a
    single column (wrong separator), rows with more values than headers, or no
    data rows.
    """
    if not isinstance(filename, str):
        raise UploadError(f"filename must be text such as 'posts.csv', got {type(filename).__name__}", "argument")
    limit = _check_max_bytes(max_bytes)
    data = _as_bytes(content)
    name = _display_name(filename)
    if not data:
        raise UploadError(f"{name}: the file is empty (0 bytes). Export your posts again and upload the file.",
                          "empty")
    if len(data) > limit:
        raise UploadError(f"{name}: the file is {_size(len(data))}, over the size limit of {_size(limit)}. Export "
                          f"a shorter period or only the columns you need.", "too_large")
    base = re.split(r"[\\/]", filename)[-1].strip().rstrip(".")
    suffix = ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""
    if suffix in _REFUSED_EXTENSIONS:
        raise UploadError(f"{name}: {_REFUSED_EXTENSIONS[suffix]}.", "extension")
    if suffix == ".zip":
        raise UploadError(f"{name}: this is a zip archive (YouTube Studio, for one, exports its tables in a zip). "
                          f"Unzip it and upload the table inside{_zip_tables(data)}.", "extension")
    if suffix not in EXTENSIONS:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise UploadError(f"{name}: unknown file type ({shown}); upload a .csv or an Excel .xlsx file.",
                          "extension")
    kind = EXTENSIONS[suffix]
    notes: list[str] = []
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(f"{name}: this is an old-format (.xls) or password-protected Excel file; save it as "
                          f".xlsx (no password) or CSV.", "excel")
    if data.startswith(b"PK\x03\x04") and kind == "csv":
        notes.append(f"{name} is an Excel workbook despite its {suffix} name; it was read as .xlsx.")
        kind = "xlsx"
    elif kind == "xlsx" and not data.startswith(b"PK"):
        raise UploadError(f"{name}: is named .xlsx but is not an Excel workbook. If it is a CSV file, rename it "
                          f"to .csv.", "excel")
    grids = _grids_from_xlsx(data, name) if kind == "xlsx" else [_grid_from_csv(data, name)]
    tables: list[pd.DataFrame] = []
    first_error: UploadError | None = None
    for records, meta in grids:
        meta["notes"] = notes + meta["notes"]
        try:
            tables.extend(_to_frames(records, meta, name))
        except UploadError as exc:
            if len(grids) == 1 or exc.problem == "too_many":
                raise
            first_error = first_error or exc
    if not tables:
        assert first_error is not None
        raise first_error
    return tables
