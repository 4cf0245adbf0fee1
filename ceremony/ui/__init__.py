"""The Streamlit interface: one module per page under pages/, shared pieces here."""
