from django.shortcuts import render


def home_view(request):
    """Public home page (SE-A4.1): no login needed."""
    return render(request, "portal/home.html")
