"""What the Invoiced dialect accepts on create and update, typed with pydantic.

Types are coerced the way clients send them (form values are strings); an empty string means
null, as the official clients document. Meaning (countries, e-mail, limits) is checked by the domain.
"""

from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

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


_CUSTOMER_READ_ONLY = frozenset({
    "id", "object", "created_at", "updated_at", "payment_source", "sign_up_url", "statement_pdf_url",
    "balance", "stripe_customer",
})


class CustomerInput(WireInput):
    read_only: ClassVar[frozenset[str]] = _CUSTOMER_READ_ONLY
    name: str | None = None
    number: str | None = None
    email: str | None = None
    type: str | None = None
    autopay: bool | None = None
    autopay_delay_days: int | None = None
    payment_terms: str | None = None
    attention_to: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    language: str | None = None
    currency: str | None = None
    chase: bool | None = None
    chasing_cadence: int | None = None
    next_chase_step: int | None = None
    phone: str | None = None
    credit_hold: bool | None = None
    credit_limit: Decimal | None = None
    owner: int | None = None
    taxable: bool | None = None
    taxes: list[str] | None = None
    tax_id: str | None = None
    avalara_entity_use_code: str | None = None
    avalara_exemption_number: str | None = None
    parent_customer: int | None = None
    notes: str | None = None
    sign_up_page: int | None = None
    disabled_payment_methods: list[str] | None = None
    ach_gateway: int | None = None
    cc_gateway: int | None = None
    metadata: dict[str, Any] | None = None


class LegacyCustomerInput(WireInput):
    """The oldest API's customer: fewer fields, and `other_phone` and `website`."""

    read_only: ClassVar[frozenset[str]] = _CUSTOMER_READ_ONLY
    name: str | None = None
    number: str | None = None
    email: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    tax_id: str | None = None
    phone: str | None = None
    other_phone: str | None = None
    website: str | None = None
    notes: str | None = None


class ContactInput(WireInput):
    read_only: ClassVar[frozenset[str]] = frozenset({"id", "object", "created_at", "updated_at", "customer"})
    name: str | None = None
    email: str | None = None
    title: str | None = None
    department: str | None = None
    phone: str | None = None
    primary: bool | None = None
    sms_enabled: bool | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
