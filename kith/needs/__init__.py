"""Needs: matching up needs to where resources are — indicators of need by area, local intelligence,
and the coverage of each area by the directory's services, with gaps and rural distance."""
