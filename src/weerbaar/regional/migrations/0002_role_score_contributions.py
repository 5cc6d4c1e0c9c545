import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0006_department_head_and_mayor_roles'),
        ('regional', '0001_region_and_benchmark'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RoleScoreOptIn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opted_in_at', models.DateTimeField(auto_now_add=True)),
                ('opted_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
            ],
            options={
                'verbose_name': 'bijdrage van de zelfscan aan de regionale vergelijking',
                'verbose_name_plural': 'bijdragen van de zelfscan aan de regionale vergelijking',
            },
        ),
        migrations.CreateModel(
            name='ContributedScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('item', models.CharField(max_length=60)),
                ('value', models.PositiveSmallIntegerField()),
                ('opt_in', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='regional.rolescoreoptin')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'item'), name='regional_one_score_per_item')],
            },
        ),
    ]
