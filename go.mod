module github.com/podpatterns/podpatterns

go 1.26.0
