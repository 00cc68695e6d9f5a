"""The language work: plain Python (never Django) that turns a news text into a Doc."""
