"""The built-in serialization formats, one module each (see :mod:`cchc_model.serialization`)."""
