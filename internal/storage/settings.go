package storage

import (
	"context"

	"gorm.io/gorm/clause"
)

type settingRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

// EnsureSetting returns the stored value of key, storing generate()'s value
// first when there is none. Concurrent starts agree on one value.
func (s *Store) EnsureSetting(ctx context.Context, key string, generate func() (string, error)) (string, error) {
	var row settingRow
	err := s.with(ctx).Where("key = ?", key).Limit(1).Find(&row).Error
	if err != nil {
		return "", translate(err, "setting")
	}
	if row.Key != "" {
		return row.Value, nil
	}
	v, err := generate()
	if err != nil {
		return "", err
	}
	err = s.with(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&settingRow{Key: key, Value: v}).Error
	if err != nil {
		return "", translate(err, "setting")
	}
	err = s.with(ctx).Where("key = ?", key).Take(&row).Error
	return row.Value, translate(err, "setting")
}
