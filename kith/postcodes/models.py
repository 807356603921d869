from django.db import models


class Postcode(models.Model):
    """One postcode of the ONS Postcode Directory, terminated ones included (old letters still carry them)."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text='Normalised, like "SR1 3SD".')
    outcode = models.CharField(max_length=4, db_index=True, help_text='The postcode district, like "SR1".')
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority = models.CharField(max_length=9, blank=True, db_index=True, help_text="GSS code, like E08000024.")

    def __str__(self):
        return self.postcode


class PostcodeDistrict(models.Model):
    """The centre of a postcode district: the mean position of all its postcodes in the directory."""

    outcode = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(help_text="How many postcodes the centre was computed from.")
    local_authority = models.CharField(max_length=9, blank=True,
                                       help_text="The local authority most of its postcodes are in.")

    def __str__(self):
        return self.outcode
