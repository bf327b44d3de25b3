"""EU VAT: dated rates, where a supply is taxed, who the customer is and where, line amounts."""
