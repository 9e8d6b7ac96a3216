// Package genseeredis is a placeholder.
package genseeredis

import (
	_ "github.com/gensee-go/gensee"
	_ "github.com/go-redis/redis_rate/v10"
	_ "github.com/redis/go-redis/v9"
)
