"""An event's history keeps its actors (with their roles) and topics with each entry, so an
entry can say which ones a curator added or removed.

Entries written before this migration did not keep them. Each is given the links the event has
now: the history shows no change of actors or topics before this migration (those entries'
reasons still name them, "edited; actors +Jeyhun Bayramov (participant)"), and the next entry
is compared with the links as they were when it was written. Saying nothing about the past is
better than an invented "added" on the first old entry that would otherwise hold none.
"""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def give_old_entries_the_links_of_now(apps, schema_editor):
    quote = schema_editor.quote_name
    entries = apps.get_model("timeline", "HistoricalEvent")._meta.db_table
    for copy, link in [("HistoricalEventActor", "EventActor"), ("HistoricalEvent_topics", "Event_topics")]:
        copies = apps.get_model("timeline", copy)._meta.db_table
        link = apps.get_model("timeline", link)._meta
        columns = [field.column for field in link.concrete_fields]
        schema_editor.execute(
            f"INSERT INTO {quote(copies)} (history_id, {', '.join(map(quote, columns))}) "
            f"SELECT entry.history_id, {', '.join(f'link.{quote(column)}' for column in columns)} "
            f"FROM {quote(link.db_table)} link JOIN {quote(entries)} entry ON entry.id = link.event_id")


class Migration(migrations.Migration):

    dependencies = [
        ('timeline', '0019_map_axis_and_finder_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEvent_topics',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('event', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='timeline.event')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='timeline.historicalevent')),
                ('topic', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='timeline.topic')),
            ],
            options={
                'verbose_name': 'HistoricalEvent_topics',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEventActor',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('source', 'initiator'), ('target', 'counterpart / host'), ('participant', 'participant')], default='participant', max_length=12)),
                ('date_start', models.DateField(editable=False, null=True)),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='timeline.actor')),
                ('event', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='timeline.event')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='timeline.historicalevent')),
            ],
            options={
                'verbose_name': 'HistoricalEventActor',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(give_old_entries_the_links_of_now, migrations.RunPython.noop),
    ]
