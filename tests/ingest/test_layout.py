"""Page furniture is layout with its page, never prose; flattened lines become units."""

from __future__ import annotations

from pipeline.ingest.layout import PageDraft, assemble, line_kind, prose_text, split_units


def _kinds(doc) -> dict[str, str]:
    return {doc.text[s.start : s.end]: s.kind for s in doc.layout}


def _minutes_pages() -> list[PageDraft]:
    head = "SOLBACKA KOMMUN SAMMANTRÄDESPROTOKOLL {n} (3)\nKommunstyrelsen\nDatum 2023-03-14\n\n"
    return [
        PageDraft(
            1,
            "SOLBACKA KOMMUN SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\nDatum 2023-03-14\n\n"
            "Plats och tid Rådhuset kl. 13.00-15.00\nBeslutande Ledamöter\n"
            "Eva Lind (S), Ordförande\nKarl Berg (M)\n\nUtdragsbestyrkande\n",
        ),
        PageDraft(
            2,
            head.format(n=2) + "Innehåll\n\n§ 12 Dnr KS 2023/41\n"
            "Nytt industriområde vid hamnen ........................ 3\n\n"
            "Justerandes sign\n",
        ),
        PageDraft(
            3,
            head.format(n=3) + "§ 12 Dnr KS 2023/41\nNytt industriområde vid hamnen\n\n"
            "Beslut\nKommunstyrelsen godkänner detaljplanen.\n\n"
            "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.\n"
            "Sida 3 av 3\n",
        ),
    ]


def test_running_headers_toc_signatures_and_page_numbers_are_furniture() -> None:
    doc = assemble(_minutes_pages(), "txt")
    kinds = _kinds(doc)
    assert kinds["SOLBACKA KOMMUN SAMMANTRÄDESPROTOKOLL 2 (3)"] == "page_header"
    assert kinds["Innehåll"] == "toc"
    assert kinds["Nytt industriområde vid hamnen ........................ 3"] == "toc"
    assert kinds["Justerandes sign"] == "signature"
    assert kinds["Utdragsbestyrkande"] == "signature"
    assert kinds["Sida 3 av 3"] == "page_number"
    assert kinds["Protokollet är justerat. Justeringen har tillkännagivits genom anslag."] == (
        "notice"
    )
    prose = prose_text(doc)
    assert "Kommunstyrelsen godkänner detaljplanen." in prose
    assert "Justerandes sign" not in prose and "Sida 3 av 3" not in prose


def test_furniture_keeps_its_page_and_offsets() -> None:
    doc = assemble(_minutes_pages(), "txt")
    for span in doc.layout:
        assert doc.page_at(span.start) == span.page
        assert "\n" not in doc.text[span.start : span.end]
    headers = [s.page for s in doc.layout if s.kind == "page_header"]
    assert 1 not in headers and {2, 3} <= set(headers)


def test_a_running_header_is_the_letterhead_where_it_first_appears() -> None:
    doc = assemble(_minutes_pages(), "txt")
    prose = prose_text(doc)
    assert prose.count("Datum 2023-03-14") == 1  # page 1 keeps it; pages 2 and 3 do not
    assert prose.index("Datum 2023-03-14") < prose.index("Plats och tid")


def test_an_item_heading_is_never_a_running_header() -> None:
    doc = assemble(_minutes_pages(), "txt")
    body = [s for s in doc.layout if doc.text[s.start : s.end].startswith("§ 12") and s.page == 3]
    assert body == []


def test_electronic_signature_page_is_furniture_to_its_end() -> None:
    pages = [
        PageDraft(1, "Rubrik\n\nText om beslutet i nämnden."),
        PageDraft(2, "Undertecknat av följande personer\n\nEVA LIND\nDatum: 2023-03-15 10:01:02"),
    ]
    doc = assemble(pages, "txt")
    assert {s.kind for s in doc.layout if s.page == 2} == {"signature"}
    assert "2023-03-15" not in prose_text(doc)


def test_web_viewer_buttons_are_furniture() -> None:
    text = (
        'Titel\n\nStorlek: px\nStarta visningen från sidan:\n\nDownload "Titel\nmer"\n\nTranskript'
    )
    doc = assemble([PageDraft(1, text)], "txt")
    assert {doc.text[s.start : s.end] for s in doc.layout if s.kind == "web"} == {
        "Storlek: px",
        "Starta visningen från sidan:",
        'Download "Titel',
        'mer"',
        "Transkript",
    }
    assert line_kind("SHOW MORE") == "web"
    assert line_kind("Ett vanligt stycke text.") is None


def test_flattened_table_of_contents_one_entry_a_line() -> None:
    line = "Ärendelista 14 Dnr KS 2018/12 Information... 5 15 Dnr KS 2018/253 Ny buss... 6"
    assert split_units([line]) == [
        "Ärendelista",
        "14 Dnr KS 2018/12 Information... 5",
        "15 Dnr KS 2018/253 Ny buss... 6",
    ]
    numbered = "Ärenden 3 Val av justerare 4 Budget 2024 för nämnden 5 Motioner"
    assert split_units([numbered]) == [
        "Ärenden",
        "3 Val av justerare",
        "4 Budget 2024 för nämnden",
        "5 Motioner",
    ]


def test_flattened_cover_page_split_before_each_form_label() -> None:
    line = (
        "Plats och tid Rådhuset, kl 13.00 Beslutande Ledamöter Se bilaga Utses att justera "
        "Eva Lind Justeringens plats och tid Kansliet"
    )
    assert split_units([line]) == [
        "Plats och tid Rådhuset, kl 13.00",
        "Beslutande Ledamöter Se bilaga",
        "Utses att justera Eva Lind",
        "Justeringens plats och tid Kansliet",
    ]


def test_page_counter_split_off_a_flattened_page() -> None:
    assert split_units(["2(55) Ärendelista"]) == ["2(55)", "Ärendelista"]


def test_flattened_attendance_list_one_person_a_line() -> None:
    line = (
        "Anna Berg, S Bo Ek, M Carl Holm (KD) Dora Lind (V) Erik Sand, S Frida Ström, C "
        "Gustav Öberg (L) Hanna Åkesson (MP) Ivar Nyström (SD) Jonna Wik, V Kent Alm, KD"
    )
    out = split_units([line])
    assert out[:3] == ["Anna Berg, S", "Bo Ek, M", "Carl Holm (KD)"]
    assert len(out) == 11


def test_prose_is_left_alone() -> None:
    prose = (
        "Lisa Berg (M) konstaterar att det finns ett förslag. Kommunstyrelsen beslutar att "
        "godkänna avtalet med Trafikverket om utbyggnad av vägen mellan orterna."
    )
    assert split_units([prose]) == [prose]


# ------------------------------------------------------------ the size limit (issue 17)


def test_assemble_cuts_text_past_the_limit_and_warns(monkeypatch) -> None:
    from dataclasses import replace

    from pipeline.ingest import layout
    from pipeline.limits import is_truncation_warning, limits

    monkeypatch.setattr(layout, "limits", lambda: replace(limits(), max_text_chars=60))
    pages = [
        layout.PageDraft(1, "Första sidan har en mening.\nOch en till."),
        layout.PageDraft(2, "Andra sidan läses bara delvis.\nResten läses inte alls."),
        layout.PageDraft(3, "Tredje sidan läses inte."),
    ]
    doc = layout.assemble(pages, "txt")
    assert "Första sidan" in doc.text and "Andra sidan" in doc.text
    assert "Resten" not in doc.text and "Tredje" not in doc.text
    assert len(doc.pages) == 2
    (warning,) = [w for w in doc.warnings if is_truncation_warning(w)]
    assert "of 118 characters" in warning and "limit 60" in warning


def test_assemble_leaves_text_under_the_limit_alone() -> None:
    from pipeline.ingest import layout

    doc = layout.assemble([layout.PageDraft(1, "Kort text.")], "txt", warnings=("x",))
    assert doc.text == "Kort text." and doc.warnings == ("x",)
