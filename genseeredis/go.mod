module github.com/gensee-go/gensee/genseeredis

go 1.24

require (
	github.com/gensee-go/gensee v0.0.0
	github.com/redis/go-redis/v9 v9.22.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
	golang.org/x/time v0.12.0 // indirect
)

replace github.com/gensee-go/gensee => ../
