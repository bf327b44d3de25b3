"""What the Invoiced dialect accepts on create and update, typed with pydantic.

Types are coerced the way clients send them (form values are strings); an empty string means
null, as the official clients document. Meaning (countries, e-mail, limits) is checked by the domain.
"""

import dataclasses
import typing
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, model_validator

from billbook.domain import contacts, customers
from billbook.domain.contacts import Contact
from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam


class WireInput(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_max_length=10_000)

    # Fields the server owns; clients that send back what they read must not be refused for it.
    read_only: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _empty_means_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: (None if value == "" else value) for key, value in data.items()
                    if key not in cls.read_only}
        return data

    @classmethod
    def changes(cls, params: dict[str, Any]) -> dict[str, Any]:
        """Only the fields the caller sent, typed; a type error names its parameter."""
        try:
            model = cls.model_validate(params)
        except ValidationError as error:
            raise _invalid_param(error) from None
        return model.model_dump(exclude_unset=True)


def _invalid_param(error: ValidationError) -> InvalidParam:
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    param = location[0] + "".join(f"[{part}]" for part in location[1:])
    if first["type"] == "extra_forbidden":
        return InvalidParam(param, "is not a known parameter")
    return InvalidParam(param, first["msg"].replace("Input should", "should", 1))


def wire_input(model_name: str, entity: type, accepted: frozenset[str] | tuple[str, ...],
               read_only: frozenset[str], overrides: dict[str, Any] | None = None) -> type[WireInput]:
    """A model accepting some of an entity's fields, each optional and of the entity's type
    (or an override where the wire is looser than the domain, checked by the domain after)."""
    hints = typing.get_type_hints(entity)
    definitions = {
        f.name: ((overrides or {}).get(f.name, hints[f.name]) | None, None)
        for f in dataclasses.fields(entity) if f.name in accepted
    }
    model = create_model(model_name, __base__=WireInput, **definitions)
    model.read_only = read_only
    return model


_CUSTOMER_READ_ONLY = frozenset({
    "id", "object", "created_at", "updated_at", "payment_source", "sign_up_url", "statement_pdf_url",
    "balance", "stripe_customer",
})
# Metadata values and tax rate ids arrive as numbers too; the domain turns them into text.
_CUSTOMER_WIRE_TYPES = {"metadata": dict[str, Any], "taxes": list[str]}

CustomerInput = wire_input("CustomerInput", Customer, customers.EDITABLE_FIELDS - {"other_phone", "website"},
                           _CUSTOMER_READ_ONLY, _CUSTOMER_WIRE_TYPES)
# The oldest API's customer: fewer fields, and `other_phone` and `website`.
LegacyCustomerInput = wire_input(
    "LegacyCustomerInput", Customer,
    ("name", "number", "email", "address1", "address2", "city", "state", "postal_code", "country", "tax_id",
     "phone", "other_phone", "website", "notes"),
    _CUSTOMER_READ_ONLY)
ContactInput = wire_input("ContactInput", Contact, contacts.EDITABLE_FIELDS,
                          frozenset({"id", "object", "created_at", "updated_at", "customer"}))
