"""Who and where: actors (people, countries, organisations), places and topics."""
