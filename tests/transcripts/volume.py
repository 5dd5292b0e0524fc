"""A whole TEI volume for tests, assembled from the shipped v12 pieces.

The real volume file is 3.9 MB and not shipped; this one has its skeleton (as the frus-tei
README records it): the shipped header, the terms and persons items quoted verbatim in that
README, the shipped document divs with their opening page breaks, plus two documents the
importer must handle differently: a memorandum (not a conversation: skipped) and a telcon whose
President's turns are plain text ``P:`` (as d190 is).
"""

from __future__ import annotations

from pathlib import Path

from transcripts import shipped_corpus_dir

TEI = shipped_corpus_dir() / "frus-tei"

TERMS = """
<div type="section" xml:id="terms" subtype="index">
  <head>Abbreviations and Terms</head>
  <list type="terms">
    <item>
        <hi rend="strong">
            <term xml:id="t_K1">K</term>,</hi> Kissinger</item>
    <item>
        <hi rend="strong">
            <term xml:id="t_MBFR1">MBFR</term>,</hi> Mutual and Balanced Force Reductions</item>
    <item>
        <hi rend="strong">
            <term xml:id="t_P1">P</term>,</hi> President</item>
  </list>
</div>
<div type="section" xml:id="persons" subtype="index">
  <head>Persons</head>
  <list type="names">
    <item>
        <hi rend="strong">
            <persName xml:id="p_DAF1">Dobrynin, Anatoliy F.</persName>,</hi> Soviet
        Ambassador to the United States</item>
    <item>
        <hi rend="strong">
            <persName xml:id="p_KHA1">Kissinger, Henry A.</persName>,</hi> Assistant
        to the President for National Security Affairs from January 1969 to January
        1973</item>
    <item>
        <hi rend="strong">
            <persName xml:id="p_NRM1">Nixon, Richard M.</persName>,</hi> President</item>
  </list>
</div>
"""

MEMO = """
<div type="document" xml:id="d96" n="96" subtype="historical-document">
  <head>96. Memorandum From the President's Assistant (Kissinger) to President Nixon</head>
  <p>Dobrynin called on me today.</p>
</div>
"""

PLAIN_LABELS = """
<div type="document" xml:id="d190" n="190" subtype="historical-document">
  <head>190. Transcript of Telephone Conversation Between President <persName
      corresp="#p_NRM1">Nixon</persName> and his Assistant (<persName
      corresp="#p_KHA1">Kissinger</persName>)</head>
  <p>P: You figure about three weeks.</p>
  <p>
      <gloss target="#t_K1">K</gloss>: About three weeks.</p>
  <p>
      <gloss target="#t_P1">P</gloss>: Fine.</p>
</div>
"""


def shipped(name: str) -> str:
    return (TEI / name).read_text(encoding="utf-8")


def volume_xml() -> str:
    header = shipped("volume-header.xml")
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="frus1969-76v12">\n'
        f"{header}\n<text><front>{TERMS}</front><body>\n"
        '<pb n="1" xml:id="pg_1" facs="0034"/>\n'
        '<div type="compilation" xml:id="comp1"><div type="chapter" xml:id="ch2">\n'
        '<pb n="288" xml:id="pg_288" facs="0321"/>\n'
        f"{shipped('frus1969-76v12-d95.xml')}\n{MEMO}\n"
        '<pb n="580" xml:id="pg_580" facs="0613"/>\n'
        f"{shipped('frus1969-76v12-d188.xml')}\n{shipped('frus1969-76v12-d189.xml')}\n"
        f"{PLAIN_LABELS}\n</div></div></body></text></TEI>"
    )


def write_volume(folder: Path) -> Path:
    path = folder / "frus1969-76v12.xml"
    path.write_text(volume_xml(), encoding="utf-8")
    return path
