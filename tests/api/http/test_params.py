"""Request parameters decode to the same nested structure whichever client encoded them."""

from urllib.parse import quote, quote_plus

import orjson
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from invoiced.util import uri_encode

from billbook.api.http.dialect import request_params
from billbook.api.http.params import decode_body, decode_pairs, decode_query, split_key
from billbook.domain.errors import MalformedRequest, UnsupportedFormat

FORM = "application/x-www-form-urlencoded"

keys = st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True).filter(lambda key: not key.isdigit())
# NUL is refused outright (see test_nul_characters_are_refused_naming_the_parameter).
strings = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=10)
scalar_lists = st.lists(strings, min_size=1, max_size=4)


def hash_lists(elements):
    return st.lists(st.dictionaries(keys, strings, min_size=elements), min_size=1, max_size=4)


@st.composite
def rack_hash_lists(draw):
    """Lists of hashes Rack can express: every element starts with (and sorts first by) a key
    the element before it has, so that key repeating is what starts the next element."""
    anchor = draw(keys)
    elements = draw(st.lists(st.tuples(strings, st.dictionaries(keys, strings, max_size=3)), min_size=1, max_size=4))
    return [{anchor: value, **{key: item for key, item in rest.items() if key > anchor}}
            for value, rest in elements]


def structures(hash_list_strategy, empty_ok=False):
    minimum = 0 if empty_ok else 1
    leaves = st.one_of(strings, st.lists(strings, min_size=minimum, max_size=4), hash_list_strategy)
    tree = st.recursive(leaves, lambda children: st.dictionaries(keys, children, min_size=minimum, max_size=3),
                        max_leaves=10)
    return st.dictionaries(keys, tree, max_size=4)


def flat_pairs(params: dict, indexed: bool):
    """(key, value) pairs with bracketed keys; lists as `a[]` (Rack) or `a[0]` (PHP)."""
    def walk(value, prefix):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{prefix}[{key}]")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{prefix}[{index if indexed else ''}]")
        else:
            yield prefix, value
    for key, value in params.items():
        yield from walk(value, key)


def ruby_encode(params: dict) -> str:
    return "&".join(f"{key}={quote_plus(value, safe='')}" for key, value in flat_pairs(params, indexed=False))


def php_encode(params: dict) -> str:
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in flat_pairs(params, indexed=True))


@given(structures(rack_hash_lists()))
def test_ruby_style_literal_brackets_and_plus_spaces_decode_in_query_and_body(params):
    encoded = ruby_encode(params)
    assert decode_query(encoded) == params
    assert decode_query(encoded.encode()) == params
    assert decode_body(encoded.encode(), FORM) == params


@given(structures(hash_lists(elements=1)))
def test_php_style_indexed_percent_encoded_brackets_decode_in_query_and_body(params):
    encoded = php_encode(params)
    assert "[" not in encoded
    assert decode_query(encoded) == params
    assert decode_body(encoded.encode(), f"{FORM}; charset=UTF-8") == params


@given(structures(hash_lists(elements=1)))
def test_decode_pairs_rebuilds_indexed_pairs_without_any_url_encoding(params):
    assert decode_pairs(flat_pairs(params, indexed=True)) == params


@given(structures(rack_hash_lists()))
def test_the_official_invoiced_client_query_encoding_decodes(params):
    assert decode_query(uri_encode(params)) == params


@given(structures(hash_lists(elements=0), empty_ok=True))
def test_json_bodies_decode_to_the_object_sent(params):
    body = orjson.dumps(params)
    assert decode_body(body, "application/json") == params
    assert decode_body(body, "application/json; charset=utf-8") == params
    assert decode_body(body, "application/vnd.api+json") == params
    assert decode_body(b"  " + body, None) == params


name_parts = st.text(st.characters(exclude_characters="[]"), min_size=1, max_size=5)
segment_parts = st.text(st.characters(exclude_characters="[]"), max_size=5)


@given(name_parts, st.lists(segment_parts, min_size=1, max_size=4))
def test_split_key_returns_the_name_then_each_bracketed_segment(name, segments):
    assert split_key(name + "".join(f"[{segment}]" for segment in segments)) == [name, *segments]


@given(name_parts, segment_parts)
def test_split_key_takes_an_unclosed_bracket_literally(name, segment):
    assert split_key(f"{name}[{segment}") == [f"{name}[{segment}"]


def test_rack_starts_a_new_list_element_when_a_key_repeats():
    query = "items[][description]=A&items[][quantity]=2&items[][description]=B&recipients[]=x&recipients[]=y"
    assert decode_query(query) == {
        "items": [{"description": "A", "quantity": "2"}, {"description": "B"}],
        "recipients": ["x", "y"],
    }


def test_nested_lists_inside_a_list_element_do_not_start_a_new_element():
    assert decode_query("a[][tags][]=x&a[][tags][]=y&a[][name]=n") == {"a": [{"tags": ["x", "y"], "name": "n"}]}


def test_php_indexes_become_a_list_only_when_they_run_from_zero_without_gaps():
    assert decode_query("a[1]=y&a[0]=x") == {"a": ["x", "y"]}
    assert decode_query("a[0]=x&a[2]=z") == {"a": {"0": "x", "2": "z"}}
    assert decode_query("to%5B0%5D%5Bphone%5D=1&to%5B1%5D%5Bphone%5D=2") == {"to": [{"phone": "1"}, {"phone": "2"}]}


def test_an_empty_value_is_an_empty_string():
    assert decode_query("name=&metadata[old]=") == {"name": "", "metadata": {"old": ""}}
    assert decode_body(b"name=", FORM) == {"name": ""}


def test_plus_and_percent_20_are_both_spaces_and_percent_2b_is_a_plus():
    assert decode_query("a=b+c&d=e%20f&g=h%2Bi") == {"a": "b c", "d": "e f", "g": "h+i"}


def test_an_empty_or_blank_body_has_no_parameters():
    assert decode_body(b"", "application/json") == {}
    assert decode_body(b" \r\n", FORM) == {}
    assert decode_query("") == {}


@pytest.mark.parametrize("query", [
    "a=1&a[b]=2", "a[b]=2&a=1", "a[]=1&a[b]=2", "a[b]=1&a[]=2",
    "a=1&a[]=2", "a[]=1&a=2", "a[b]=1&a[b][c]=2", "a[b][c]=1&a[b]=2",
])
def test_a_key_used_both_as_a_value_and_as_a_container_is_malformed(query):
    with pytest.raises(MalformedRequest):
        decode_query(query)


def test_the_conflict_message_names_the_whole_offending_key():
    with pytest.raises(MalformedRequest, match=r"Parameter a\[b\] conflicts"):
        decode_query("a=1&a[b]=2")


@pytest.mark.parametrize("key", ["a[b", "a]b", "[a]", "a[b]c", "a[[b]]", "a[b]]", "a[b][c"])
def test_malformed_bracket_keys_are_taken_literally(key):
    assert split_key(key) == [key]
    assert decode_query(quote(key) + "=1") == {key: "1"}


@pytest.mark.parametrize("body", [b"[1, 2]", b"{", b"null", b'"text"', b"{'single': 'quotes'}"])
def test_a_json_body_that_is_not_one_valid_object_is_malformed(body):
    with pytest.raises(MalformedRequest):
        decode_body(body, "application/json")


def test_a_form_body_that_is_not_utf8_is_malformed():
    with pytest.raises(MalformedRequest):
        decode_body(b"name=\xff", FORM)


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml"])
def test_bodies_in_other_formats_are_unsupported(content_type):
    with pytest.raises(UnsupportedFormat, match="application/json"):
        decode_body(b"name=x", content_type)


def test_a_body_without_content_type_is_json_when_it_looks_like_an_object_else_a_form():
    assert decode_body(b'{"a": {"b": 1}}', None) == {"a": {"b": 1}}
    assert decode_body(b"a[b]=1", None) == {"a": {"b": "1"}}


def test_absurdly_deep_nesting_is_a_malformed_request_not_a_crash():
    with pytest.raises(MalformedRequest):
        decode_query("a" + "[x]" * 2000 + "=1")


def test_top_level_names_made_of_digits_stay_parameters_not_a_list():
    assert decode_query("0=x") == {"0": "x"}
    assert decode_body(b"0=null&1=y", FORM) == {"0": "null", "1": "y"}
    assert decode_query("0[a]=1&items[0]=x") == {"0": {"a": "1"}, "items": ["x"]}


def nested_json(depth: int) -> bytes:
    """An object whose `a` holds `depth - 1` lists inside one another: `depth` levels in all."""
    return b'{"a": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize("depth", [33, 950, 1000, 1023])
def test_json_nested_deeper_than_form_keys_may_be_is_malformed(depth):
    with pytest.raises(MalformedRequest, match="Parameter a is nested more than 32 levels deep"):
        decode_body(nested_json(depth), "application/json")


def test_json_nested_as_deep_as_form_keys_may_be_decodes():
    decoded = decode_body(nested_json(32), "application/json")["a"]
    for _ in range(30):
        decoded = decoded[0]
    assert decoded == []


echo = FastAPI()


@echo.api_route("/echo", methods=["GET", "POST"])
async def _echo(params: dict = Depends(request_params)):
    return params


@settings(max_examples=25, deadline=None)
@given(structures(hash_lists(elements=1)), structures(hash_lists(elements=1)))
def test_request_params_merges_query_and_body_and_the_body_wins(query, body):
    response = TestClient(echo).post("/echo?" + php_encode(query), json=body)
    assert response.json() == {**query, **body}


def test_request_params_reads_the_query_when_a_get_claims_a_json_body_but_sends_none():
    response = TestClient(echo).get("/echo?filter%5Btype%5D=company&metadata[crm]=x",
                                    headers={"Content-Type": "application/json"})
    assert response.json() == {"filter": {"type": "company"}, "metadata": {"crm": "x"}}


def test_request_params_reads_form_bodies_as_brackets():
    response = TestClient(echo).post("/echo?a=1", content=b"to[0][phone]=555&a=2",
                                     headers={"Content-Type": FORM})
    assert response.json() == {"a": "2", "to": [{"phone": "555"}]}


def test_over_http_a_broken_body_is_a_400_and_an_unknown_format_a_415(api):
    broken = api.post("/invoiced/customers", content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["type"] == "invalid_request"
    conflicting = api.post("/invoiced/customers", content=b"name=a&name[x]=b", headers={"Content-Type": FORM})
    assert conflicting.status_code == 400 and "conflicts" in conflicting.json()["message"]
    unsupported = api.post("/invoiced/customers", content=b"<name/>", headers={"Content-Type": "application/xml"})
    assert unsupported.status_code == 415 and "application/xml" in unsupported.json()["message"]


@pytest.mark.parametrize("query, body, param", [
    ("name=a%00b", b"", "name"),
    ("", b"name=A&phone=%00", "phone"),
    ("", b'{"name": "A", "metadata": {"k": "a\\u0000"}}', "metadata[k]"),
])
def test_nul_characters_are_refused_naming_the_parameter(api, query, body, param):
    content_type = "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
    response = api.post(f"/invoiced/customers?{query}", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400 and response.json()["param"] == param
    assert api.get("/invoiced/customers?filter[name]=%00").json()["param"] == "filter[name]"
