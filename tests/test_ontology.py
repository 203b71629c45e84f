"""The ontology (kg.ttl), the SHACL shapes (shapes.ttl) and the example graphs agree.

Every graph in ontology/examples/pass conforms to the shapes; every graph in
ontology/examples/fail breaks exactly the one rule it is listed with below. Graphs are validated
alone (no kg.ttl, no inference), as kg validates what it emits; a .trig dataset is validated as
the union of all its graphs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
KG_TTL = ONTOLOGY_DIR / "kg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
PASS_DIR = ONTOLOGY_DIR / "examples" / "pass"
FAIL_DIR = ONTOLOGY_DIR / "examples" / "fail"

KG = Namespace("https://w3id.org/kg-diplo/ontology#")
ROLE = Namespace("https://w3id.org/kg-diplo/role/")
EVT = Namespace("https://w3id.org/kg-diplo/event-type/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
# Spelled out: rdflib's XSD namespace object warns when pytest inspects module attributes.
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

ROLE_CODES = (
    "head_of_state",
    "vice_head_of_state",
    "head_of_government",
    "deputy_head_of_government",
    "foreign_minister",
    "deputy_foreign_minister",
    "minister",
    "ambassador",
    "special_envoy",
    "party_leader",
    "party_official",
    "legislature_head",
    "org_head",
    "spokesperson",
    "other_official",
)
EVENT_TYPES = (
    "meeting",
    "talks",
    "phone_call",
    "video_call",
    "visit",
    "message",
    "summit",
    "signing",
    "other",
)
IN_PERSON = ("meeting", "talks", "visit")

# Class -> the standard classes it specialises (ontology/README.md, "Resources and their IRIs").
SUPERCLASSES = {
    KG.State: {ORG.FormalOrganization, SCHEMA.Country},
    KG.City: {SCHEMA.City, SEM.Place},
    KG.InternationalOrganisation: {ORG.FormalOrganization},
    KG.Project: {PROV.Entity},
    KG.Event: {SEM.Event, PROV.Activity},
    KG.Participation: {PROV.Association},
    KG.Readout: {PROV.Entity, SCHEMA.Report},
    KG.ReadoutGraph: {PROV.Entity},
    KG.Sentence: {NIF.String},
    KG.Mention: {NIF.String},
}
OBJECT_PROPERTIES = (
    "represents",
    "organisation",
    "reportsEvent",
    "mentionsEvent",
    "denotes",
    "inSentence",
)
DATATYPE_PROPERTIES = ("sourceFile", "contentSha256", "version", "iso3166Alpha3", "iso3166Alpha2")

# Fail example -> (constraint component, result path, text the report must contain).
# The path is None for SPARQL-based constraints and node-level constraints, and "^p" for an
# inverse path. Each file must produce results of this one kind only.
FAIL_EXPECTED: dict[str, tuple[str, str | None, str]] = {
    "event-without-type.ttl": ("MinCount", str(SEM.eventType), "Less than 1 values"),
    "event-type-not-in-scheme.ttl": ("In", str(SEM.eventType), "evt:press_conference"),
    "event-type-in-person.ttl": ("In", str(SEM.eventType), "Value evt:in_person not in list"),
    "event-date-typed-string.ttl": (
        "Or",
        str(SEM.hasTimeStamp),
        "sem:hasTimeStamp must be an xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "event-place-is-a-person.ttl": (
        "Or",
        str(SEM.hasPlace),
        "sem:hasPlace must be a kg:City or a kg:State",
    ),
    "event-participant-not-an-actor.ttl": (
        "SPARQL",
        None,
        "participant https://w3id.org/kg-diplo/id/person/jeenbek-kulubaev is not a sem:hasActor",
    ),
    "participation-two-agents.ttl": ("MaxCount", str(PROV.agent), "More than 1 values"),
    "participation-role-not-in-scheme.ttl": (
        "In",
        str(PROV.hadRole),
        "Value role:prime_minister not in list",
    ),
    "participation-represents-a-person.ttl": (
        "Or",
        str(KG.represents),
        "kg:represents must be a kg:State or a kg:InternationalOrganisation",
    ),
    "participation-blank-node.ttl": ("NodeKind", None, "Node Kind sh:IRI"),
    "participation-without-event.ttl": (
        "MinCount",
        "^" + str(PROV.qualifiedAssociation),
        "a kg:Participation belongs to exactly one kg:Event",
    ),
    "fact-not-derived-from-sentence.ttl": (
        "Class",
        str(PROV.wasDerivedFrom),
        "a fact node must be prov:wasDerivedFrom a kg:Sentence span",
    ),
    "membership-two-organisations.ttl": (
        "MaxCount",
        str(ORG.organization),
        "org:organization must be one kg:State or kg:InternationalOrganisation",
    ),
    "state-code-lowercase.ttl": (
        "Pattern",
        str(KG.iso3166Alpha3),
        "does not match pattern '^[A-Z]{3}$'",
    ),
    "state-iri-not-its-code.ttl": ("SPARQL", None, "state: IRI is not kgr:state/KAZ"),
    "person-without-english-label.ttl": (
        "QualifiedMinCount",
        str(RDFS.label),
        "needs an rdfs:label tagged @en",
    ),
    "city-without-country.ttl": ("MinCount", str(SCHEMA.containedInPlace), "Less than 1 values"),
    "readout-without-language.ttl": ("MinCount", str(DCTERMS.language), "Less than 1 values"),
    "readout-sha256-uppercase.ttl": (
        "Pattern",
        str(KG.contentSha256),
        "does not match pattern '^[0-9a-f]{64}$'",
    ),
    "readout-graph-without-time.trig": (
        "MinCount",
        str(PROV.generatedAtTime),
        "graph/fr-seed-2025-04-25-chn-kgz",
    ),
    "mention-begin-not-before-end.ttl": (
        "SPARQL",
        None,
        "nif:beginIndex 39 is not before nif:endIndex 32",
    ),
    "mention-without-sentence.ttl": ("MinCount", str(KG.inSentence), "Less than 1 values"),
    "mention-outside-its-sentence.ttl": (
        "SPARQL",
        None,
        "span 250-257 is not inside its sentence 0-227",
    ),
    "span-iri-not-its-offsets.ttl": ("SPARQL", None, "IRI does not end with #char=0,226"),
    "span-index-typed-long.ttl": (
        "Datatype",
        str(NIF.beginIndex),
        "not Literal with datatype xsd:integer",
    ),
    "span-anchor-language-tagged.ttl": (
        "Datatype",
        str(NIF.anchorOf),
        "not Literal with datatype xsd:string",
    ),
}


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------


@cache
def ontology() -> Graph:
    return Graph().parse(KG_TTL, format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def load(path: Path) -> Graph:
    """A .ttl file as one graph; a .trig dataset as the union of all its graphs."""
    if path.suffix == ".trig":
        dataset = Dataset()
        dataset.parse(path, format="trig")
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return Graph().parse(path, format="turtle")


def run_shacl(data: Graph) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(data, shacl_graph=shapes(), inference="none")
    return bool(conforms), report, str(text)


def examples(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in {".ttl", ".trig"})


def result_kinds(report: Graph) -> set[tuple[str, str | None]]:
    """(constraint component without namespace and suffix, path) of every result."""
    kinds = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent))
        component = component.removeprefix(str(SH)).removesuffix("ConstraintComponent")
        path = report.value(result, SH.resultPath)
        if path is None:
            kinds.add((component, None))
        elif isinstance(path, URIRef):
            kinds.add((component, str(path)))
        else:
            inverse = report.value(path, SH.inversePath)
            kinds.add((component, f"^{inverse}" if inverse is not None else repr(path)))
    return kinds


def sh_in_values(path: URIRef) -> set[URIRef]:
    """Members of every sh:in list on a property shape whose sh:path is ``path``."""
    values: set[URIRef] = set()
    g = shapes()
    for shape in g.subjects(SH.path, path):
        for head in g.objects(shape, SH["in"]):
            values.update(Collection(g, head))
    return values


# ------------------------------------------------------------------------------------------
# the ontology
# ------------------------------------------------------------------------------------------


def test_ontology_header() -> None:
    g = ontology()
    (onto,) = set(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(onto, DCTERMS.title) is not None
    assert g.value(onto, DCTERMS.description) is not None


@pytest.mark.parametrize("cls", sorted(SUPERCLASSES), ids=lambda c: c.split("#")[-1])
def test_class_declared_with_superclasses(cls: URIRef) -> None:
    g = ontology()
    assert (cls, RDF.type, OWL.Class) in g
    assert SUPERCLASSES[cls] <= set(g.objects(cls, RDFS.subClassOf))
    assert g.value(cls, RDFS.label) is not None
    assert g.value(cls, RDFS.comment) is not None


@pytest.mark.parametrize("name", OBJECT_PROPERTIES + DATATYPE_PROPERTIES)
def test_property_declared(name: str) -> None:
    g = ontology()
    prop = KG[name]
    kind = OWL.ObjectProperty if name in OBJECT_PROPERTIES else OWL.DatatypeProperty
    assert (prop, RDF.type, kind) in g
    assert g.value(prop, RDFS.domain) is not None
    assert name == "denotes" or g.value(prop, RDFS.range) is not None
    assert g.value(prop, RDFS.label) is not None
    assert g.value(prop, RDFS.comment) is not None


def _check_concept(g: Graph, concept: URIRef, scheme: URIRef) -> None:
    assert (concept, RDF.type, SKOS.Concept) in g
    assert (concept, SKOS.inScheme, scheme) in g
    languages = {label.language for label in g.objects(concept, SKOS.prefLabel)}
    assert {"en", "fr"} <= languages, concept
    assert g.value(concept, SKOS.definition) is not None, concept


@pytest.mark.parametrize("code", ROLE_CODES)
def test_role_concept(code: str) -> None:
    g = ontology()
    concept = ROLE[code]
    _check_concept(g, concept, ROLE.scheme)
    assert (concept, RDF.type, ORG.Role) in g
    assert (concept, RDF.type, PROV.Role) in g
    assert (ROLE.scheme, SKOS.hasTopConcept, concept) in g


@pytest.mark.parametrize("code", EVENT_TYPES + ("in_person",))
def test_event_type_concept(code: str) -> None:
    g = ontology()
    concept = EVT[code]
    _check_concept(g, concept, EVT.scheme)
    if code in IN_PERSON:
        assert (concept, SKOS.broader, EVT.in_person) in g
    else:
        assert (EVT.scheme, SKOS.hasTopConcept, concept) in g


def test_schemes_hold_nothing_else() -> None:
    g = ontology()
    assert (ROLE.scheme, RDF.type, SKOS.ConceptScheme) in g
    assert (EVT.scheme, RDF.type, SKOS.ConceptScheme) in g
    roles = set(g.subjects(SKOS.inScheme, ROLE.scheme))
    types = set(g.subjects(SKOS.inScheme, EVT.scheme))
    assert roles == {ROLE[c] for c in ROLE_CODES}
    assert types == {EVT[c] for c in EVENT_TYPES + ("in_person",)}
    assert set(g.subjects(SKOS.broader, EVT.in_person)) == {EVT[c] for c in IN_PERSON}


# ------------------------------------------------------------------------------------------
# the shapes
# ------------------------------------------------------------------------------------------


def test_shapes_parse_and_are_valid_shacl() -> None:
    g = shapes()
    assert len(set(g.subjects(RDF.type, SH.NodeShape))) >= 12
    # Check the shapes graph against the SHACL-for-SHACL meta shapes on an empty data graph.
    conforms, _, text = validate(Graph(), shacl_graph=g, inference="none", meta_shacl=True)
    assert conforms, text


def test_shapes_lists_match_the_schemes() -> None:
    """sh:in lists repeat the schemes (data graphs are validated without kg.ttl)."""
    role_concepts = {ROLE[c] for c in ROLE_CODES}
    assert sh_in_values(PROV.hadRole) == role_concepts
    assert sh_in_values(ORG.role) == role_concepts
    assert sh_in_values(SEM.eventType) == {EVT[c] for c in EVENT_TYPES}


def test_shapes_target_every_class() -> None:
    targets = set(shapes().objects(None, SH.targetClass))
    assert set(SUPERCLASSES) | {FOAF.Person, ORG.Membership} <= targets


# ------------------------------------------------------------------------------------------
# the examples
# ------------------------------------------------------------------------------------------


def test_enough_examples() -> None:
    assert len(examples(PASS_DIR)) >= 2
    assert len(examples(FAIL_DIR)) >= 8
    assert {p.name for p in examples(FAIL_DIR)} == set(FAIL_EXPECTED)


@pytest.mark.parametrize("path", examples(PASS_DIR), ids=lambda p: p.name)
def test_pass_example_conforms(path: Path) -> None:
    conforms, _, text = run_shacl(load(path))
    assert conforms, text


@pytest.mark.parametrize("path", examples(PASS_DIR), ids=lambda p: p.name)
def test_pass_example_conforms_with_ontology_merged(path: Path) -> None:
    """Shipping kg.ttl together with the data does not change the verdict."""
    conforms, _, text = run_shacl(load(path) + ontology())
    assert conforms, text


def test_pass_examples_conform_together() -> None:
    union = Graph()
    for path in examples(PASS_DIR):
        union += load(path)
    conforms, _, text = run_shacl(union)
    assert conforms, text


@pytest.mark.parametrize("path", examples(FAIL_DIR), ids=lambda p: p.name)
def test_fail_example_breaks_its_rule(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# Breaks: ")
    component, result_path, needle = FAIL_EXPECTED[path.name]
    conforms, report, text = run_shacl(load(path))
    assert not conforms
    assert result_kinds(report) == {(component, result_path)}, text
    assert needle in text, text


def test_pass_examples_use_the_schemes() -> None:
    """Every role and event type an example uses is a concept of kg.ttl."""
    g = ontology()
    for path in examples(PASS_DIR):
        data = load(path)
        for value in set(data.objects(None, PROV.hadRole)) | set(data.objects(None, ORG.role)):
            assert (value, SKOS.inScheme, ROLE.scheme) in g, (path.name, value)
        for value in data.objects(None, SEM.eventType):
            assert (value, SKOS.inScheme, EVT.scheme) in g, (path.name, value)
        for value in data.objects(None, NIF.beginIndex):
            assert value.datatype == XSD_INTEGER
