from wagtail import hooks

from bilanz import personal_data as bilanz_data
from core import personal_data


# The journal is private: it has no place in the Wagtail admin, only in the reader's own export.
@hooks.register(personal_data.HOOK)
def register_bilanz_personal_data():
    # Every Bilanz row has a cascading key to its owner: it goes with the account, no eraser needed.
    return personal_data.Part(export=bilanz_data.export)
